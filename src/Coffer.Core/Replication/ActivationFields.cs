namespace Coffer.Core.Replication;

/// <summary>
/// The <c>data</c> an activation (wrapping) token unwraps to. The bundle is the provider's opaque credential
/// document; the rest lets the secondary report where its primary is before it first connects.
/// </summary>
public static class ActivationFields
{
    public const string Bundle = "activation_bundle";
    public const string PrimaryApiAddress = "primary_api_addr";
    public const string SecondaryId = "secondary_id";
    public const string ClusterId = "cluster_id";
}
