using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Coffer.Core.Audit;

/// <summary>
/// Replaces a sensitive string by <c>hmac-sha256:&lt;hex&gt;</c> keyed by the device's salt, as Vault does. The same
/// token appears in every line its requests produce, so recent results are remembered (bounded, per device).
/// </summary>
public sealed class AuditHasher(byte[] salt)
{
    private const int MaxRemembered = 10_000;
    private readonly ConcurrentDictionary<string, string> _recent = new(StringComparer.Ordinal);

    public string Hash(string value)
    {
        if (value.Length == 0)
        {
            return value;
        }

        if (_recent.TryGetValue(value, out var hashed))
        {
            return hashed;
        }

        hashed = "hmac-sha256:" + Convert.ToHexStringLower(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(value)));
        if (_recent.Count >= MaxRemembered)
        {
            _recent.Clear();
        }

        _recent[value] = hashed;
        return hashed;
    }
}
