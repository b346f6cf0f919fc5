namespace Coffer.Core.Replication;

/// <summary>
/// What <c>secondary/enable</c> and <c>secondary/update-primary</c> receive: the activation token and how to reach
/// the primary's API to unwrap it. The token and the client key are secrets: never log this record.
/// </summary>
public sealed record DrActivationRequest(
    string Token,
    string PrimaryApiAddress,
    string CaFile,
    string CaPath,
    string ClientCertificatePem,
    string ClientKeyPem)
{
    public override string ToString() => $"DrActivationRequest {{ PrimaryApiAddress = {PrimaryApiAddress} }}";
}
