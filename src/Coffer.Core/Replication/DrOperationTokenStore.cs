using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Coffer.Core.Storage;
using Coffer.Core.Tokens;
using Coffer.Sdk.Physical;

namespace Coffer.Core.Replication;

/// <summary>
/// The one threshold-generated DR operation token of this cluster. Only its SHA-256 is stored (the token carries
/// 24 random base62 characters, so a plain hash cannot be reversed by guessing); a new token replaces the previous one,
/// and a token that authorises an operation is consumed: it works once.
/// </summary>
internal sealed class DrOperationTokenStore(IPhysicalBackend physical, TimeProvider time)
{
    // Consuming is read-compare-delete; two requests racing with the same token must not both win.
    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>Mints a fresh token (<c>hvs.</c> + 24 base62 characters) and stores its hash in place of any previous one.</summary>
    public async Task<string> IssueAsync(CancellationToken cancellationToken)
    {
        var token = TokenStore.NewServiceTokenId();
        var record = new DrOperationTokenRecord { Sha256 = Convert.ToHexStringLower(Hash(token)), CreatedAt = time.GetUtcNow() };
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await physical.PutAsync(
                new PhysicalEntry(CorePaths.DrOperationToken, JsonSerializer.SerializeToUtf8Bytes(record, DrJsonContext.Default.DrOperationTokenRecord)),
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }

        return token;
    }

    /// <summary>
    /// True, and the stored token is gone, when <paramref name="token"/> is the current generated token; false when it
    /// is not (including when none is stored). The hashes are compared in constant time.
    /// </summary>
    public async Task<bool> TryConsumeAsync(string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        var presented = Hash(token);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stored = await LoadHashAsync(cancellationToken).ConfigureAwait(false);
            if (stored is null || !CryptographicOperations.FixedTimeEquals(stored, presented))
            {
                return false;
            }

            await physical.DeleteAsync(CorePaths.DrOperationToken, cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Whether a generated token is currently stored (for status and tests; says nothing about its value).</summary>
    public async Task<bool> ExistsAsync(CancellationToken cancellationToken) =>
        await physical.GetAsync(CorePaths.DrOperationToken, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>Forgets the stored token; false when there was none.</summary>
    public async Task<bool> DiscardAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await physical.GetAsync(CorePaths.DrOperationToken, cancellationToken).ConfigureAwait(false) is null)
            {
                return false;
            }

            await physical.DeleteAsync(CorePaths.DrOperationToken, cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task<byte[]?> LoadHashAsync(CancellationToken cancellationToken)
    {
        var entry = await physical.GetAsync(CorePaths.DrOperationToken, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return null;
        }

        var record = JsonSerializer.Deserialize(entry.Value, DrJsonContext.Default.DrOperationTokenRecord);
        if (record is not { Version: DrOperationTokenRecord.CurrentVersion } || record.Sha256.Length == 0)
        {
            throw new InvalidDataException("The stored DR operation token record is unreadable.");
        }

        return Convert.FromHexString(record.Sha256);
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
