using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Server.Cluster;

/// <summary>One node's Raft TLS material, as PEM text: the cluster authority, the node's certificate and its key.</summary>
internal sealed record NodeCredentials(string AuthorityPem, string CertificatePem, string KeyPem)
{
    /// <summary>The form the active node seals into a join challenge.</summary>
    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(new JsonObject
    {
        ["ca"] = AuthorityPem,
        ["certificate"] = CertificatePem,
        ["key"] = KeyPem,
    });

    /// <exception cref="FormatException">Not a serialized credential bundle.</exception>
    public static NodeCredentials Parse(ReadOnlySpan<byte> serialized)
    {
        try
        {
            var json = JsonNode.Parse(serialized) as JsonObject ?? throw new FormatException("credentials are not a JSON object");
            return new NodeCredentials(Field(json, "ca"), Field(json, "certificate"), Field(json, "key"));
        }
        catch (JsonException e)
        {
            throw new FormatException("credentials are not valid JSON", e);
        }
    }

    public X509Certificate2 LoadCertificate()
    {
        using var loaded = X509Certificate2.CreateFromPem(CertificatePem, KeyPem);
        return ClusterCertificates.Reload(loaded);
    }

    public X509Certificate2 LoadAuthority() => X509Certificate2.CreateFromPem(AuthorityPem);

    private static string Field(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0
            ? text
            : throw new FormatException($"credentials lack \"{name}\"");
}
