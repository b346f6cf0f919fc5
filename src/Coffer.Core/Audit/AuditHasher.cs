using System.Security.Cryptography;
using System.Text;

namespace Coffer.Core.Audit;

/// <summary>Replaces a sensitive string by <c>hmac-sha256:&lt;hex&gt;</c> keyed by the device's salt, as Vault does.</summary>
public sealed class AuditHasher(byte[] salt)
{
    public string Hash(string value) =>
        value.Length == 0 ? value : "hmac-sha256:" + Convert.ToHexStringLower(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(value)));
}
