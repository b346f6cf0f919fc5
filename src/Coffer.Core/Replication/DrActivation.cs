namespace Coffer.Core.Replication;

/// <summary>
/// An unwrapped activation: <see cref="Bundle"/> is the provider's opaque credential document (it holds a private
/// key, so it is never logged); the other values are what status reports about the link.
/// </summary>
public sealed record DrActivation(
    string Bundle,
    string SecondaryId,
    string ClusterId,
    string PrimaryClusterAddress,
    string PrimaryApiAddress)
{
    public override string ToString() =>
        $"DrActivation {{ SecondaryId = {SecondaryId}, ClusterId = {ClusterId}, PrimaryClusterAddress = {PrimaryClusterAddress} }}";
}
