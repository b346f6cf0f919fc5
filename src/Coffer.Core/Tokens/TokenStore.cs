using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Coffer.Core.Barrier;
using Coffer.Core.Crypto;
using Coffer.Core.Json;
using Coffer.Core.Storage;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Tokens;

/// <summary>
/// Creates, finds and revokes tokens. Service tokens are stored only under a keyed hash of their id, with an
/// accessor index and a parent index; batch tokens are never stored: the entry travels inside the token,
/// encrypted under the barrier keyring, so any cluster holding the keyring (a DR secondary) can validate it.
/// </summary>
public sealed partial class TokenStore
{
    private const string SaltKey = "salt";
    private const string IdPrefix = "id/";
    private const string AccessorPrefix = "accessor/";
    private const string ParentPrefix = "parent/";

    private readonly StorageView _view;
    private readonly AesGcmBarrier _barrier;
    private readonly TimeProvider _time;
    private byte[] _salt = [];

    public TokenStore(IStorage barrierStorage, AesGcmBarrier barrier, TimeProvider time)
    {
        _view = new StorageView(barrierStorage, CorePaths.TokenStore);
        _barrier = barrier;
        _time = time;
    }

    /// <summary>Loads the hashing salt, creating it on first use. Called after every unseal.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var entry = await _view.GetAsync(SaltKey, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            entry = new StorageEntry(SaltKey, RandomNumberGenerator.GetBytes(32));
            await _view.PutAsync(entry, cancellationToken).ConfigureAwait(false);
        }

        _salt = entry.Value;
        InvalidateCaches();
    }

    /// <summary>
    /// Re-reads the hashing salt without ever writing it, and drops the caches: a DR secondary's token store is its
    /// primary's, replicated underneath it, and the secondary must not write.
    /// </summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var entry = await _view.GetAsync(SaltKey, cancellationToken).ConfigureAwait(false);
        _salt = entry?.Value ?? [];
        InvalidateCaches();
    }

    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Called after a token is revoked, so what belongs to it (its cubbyhole) goes too.</summary>
    public Func<TokenEntry, CancellationToken, Task>? Revoked { get; set; }

    /// <summary>Mints a non-expiring root token, like the one <c>sys/init</c> returns.</summary>
    public async Task<TokenEntry> CreateRootTokenAsync(string? customId, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var entry = new TokenEntry
        {
            Id = string.IsNullOrEmpty(customId) ? NewServiceTokenId() : customId,
            Accessor = Base62.Random(TokenTypes.RandomBodyLength),
            Policies = ["root"],
            Path = "auth/token/root",
            DisplayName = "root",
            CreationTime = now.ToUnixTimeSeconds(),
            IssueTime = now,
            CubbyholeId = Base62.Random(TokenTypes.RandomBodyLength),
        };
        await StoreAsync(entry, cancellationToken).ConfigureAwait(false);
        return entry;
    }

    public static string NewServiceTokenId() => TokenTypes.ServicePrefix + Base62.Random(TokenTypes.RandomBodyLength);

    /// <summary>Persists a service token with its accessor and parent index entries, in one transaction.</summary>
    public async Task StoreAsync(TokenEntry entry, CancellationToken cancellationToken)
    {
        var operations = new List<StorageOperation>
        {
            StorageOperation.Put(IdPrefix + Hash(entry.Id), JsonSerializer.SerializeToUtf8Bytes(entry, CoreJsonContext.Default.TokenEntry)),
        };
        if (entry.Accessor.Length > 0)
        {
            operations.Add(StorageOperation.Put(
                AccessorPrefix + Hash(entry.Accessor),
                JsonSerializer.SerializeToUtf8Bytes(new AccessorIndexEntry(entry.Id, entry.Accessor), CoreJsonContext.Default.AccessorIndexEntry)));
        }

        if (!entry.IsOrphan)
        {
            operations.Add(StorageOperation.Put(ParentPrefix + Hash(entry.Parent) + "/" + Hash(entry.Id), []));
        }

        await _view.CommitAsync(operations, cancellationToken).ConfigureAwait(false);
        CacheStored(entry);
    }

    /// <summary>Turns a batch token entry into its self-contained, encrypted token string.</summary>
    public string EncodeBatchToken(TokenEntry entry)
    {
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(entry with { Id = string.Empty }, CoreJsonContext.Default.TokenEntry);
        return TokenTypes.BatchPrefix + Base64Url.EncodeToString(_barrier.Encrypt(string.Empty, plaintext));
    }

    /// <summary>
    /// Finds a valid token: null when unknown, tampered, expired, or (for a batch token) when its parent is gone.
    /// A malformed batch token costs no storage read.
    /// </summary>
    public async Task<TokenEntry?> LookupAsync(string token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        TokenEntry? entry;
        if (token.StartsWith(TokenTypes.BatchPrefix, StringComparison.Ordinal))
        {
            entry = DecodeBatchToken(token);
            if (entry is not null && !entry.IsOrphan && await LookupStoredAsync(entry.Parent, cancellationToken).ConfigureAwait(false) is null)
            {
                return null;
            }
        }
        else
        {
            entry = await LookupStoredAsync(token, cancellationToken).ConfigureAwait(false);
        }

        return entry is not null && IsExpired(entry) ? null : entry;
    }

    /// <summary>When a genuine token that is no longer valid expired, or null when it is unknown or not expired.</summary>
    public async Task<DateTimeOffset?> ExpiryOfAsync(string token, CancellationToken cancellationToken)
    {
        var entry = token.StartsWith(TokenTypes.BatchPrefix, StringComparison.Ordinal)
            ? DecodeBatchToken(token)
            : await LookupStoredAsync(token, cancellationToken).ConfigureAwait(false);
        return entry is not null && IsExpired(entry) ? entry.ExpireTime : null;
    }

    /// <summary>Whether a syntactically valid token has passed its expiry (for the "token expired" message).</summary>
    public bool IsExpired(TokenEntry entry) => entry.ExpireTime is { } expiry && expiry <= _time.GetUtcNow();

    public TokenEntry? DecodeBatchToken(string token)
    {
        if (_batchCache.TryGetValue(token, out var cached))
        {
            return cached;
        }

        var decoded = DecodeBatchTokenUncached(token);
        if (decoded is not null)
        {
            Remember(_batchCache, token, decoded);
        }

        return decoded;
    }

    private TokenEntry? DecodeBatchTokenUncached(string token)
    {
        byte[] ciphertext;
        try
        {
            ciphertext = Base64Url.DecodeFromChars(token.AsSpan(TokenTypes.BatchPrefix.Length));
        }
        catch (FormatException)
        {
            return null;
        }

        try
        {
            var plaintext = _barrier.Decrypt(string.Empty, ciphertext);
            var entry = JsonSerializer.Deserialize(plaintext, CoreJsonContext.Default.TokenEntry);
            return entry is null || entry.Type != TokenTypes.Batch ? null : entry with { Id = token };
        }
        catch (BarrierDecryptionException)
        {
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task<TokenEntry?> LookupStoredAsync(string id, CancellationToken cancellationToken)
    {
        if (_storedCache.TryGetValue(id, out var cached))
        {
            return cached;
        }

        var stored = await _view.GetAsync(IdPrefix + Hash(id), cancellationToken).ConfigureAwait(false);
        var entry = stored is null ? null : JsonSerializer.Deserialize(stored.Value, CoreJsonContext.Default.TokenEntry);
        if (entry is not null)
        {
            CacheStored(entry);
        }

        return entry;
    }

    public async Task<TokenEntry?> LookupByAccessorAsync(string accessor, CancellationToken cancellationToken)
    {
        var index = await _view.GetAsync(AccessorPrefix + Hash(accessor), cancellationToken).ConfigureAwait(false);
        if (index is null)
        {
            return null;
        }

        var tokenId = JsonSerializer.Deserialize(index.Value, CoreJsonContext.Default.AccessorIndexEntry)?.TokenId;
        return tokenId is null ? null : await LookupStoredAsync(tokenId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>All accessors of stored tokens.</summary>
    public async Task<IReadOnlyList<string>> ListAccessorsAsync(CancellationToken cancellationToken)
    {
        var result = new List<string>();
        foreach (var key in await _view.ListAsync(AccessorPrefix, cancellationToken).ConfigureAwait(false))
        {
            var index = await _view.GetAsync(AccessorPrefix + key, cancellationToken).ConfigureAwait(false);
            if (index is not null && JsonSerializer.Deserialize(index.Value, CoreJsonContext.Default.AccessorIndexEntry) is { } entry)
            {
                result.Add(entry.AccessorId);
            }
        }

        result.Sort(StringComparer.Ordinal);
        return result;
    }

    /// <summary>Revokes the token and, recursively, every token created under it.</summary>
    public async Task RevokeTreeAsync(TokenEntry entry, CancellationToken cancellationToken)
    {
        foreach (var childHash in await _view.ListAsync(ParentPrefix + Hash(entry.Id) + "/", cancellationToken).ConfigureAwait(false))
        {
            var child = await _view.GetAsync(IdPrefix + childHash, cancellationToken).ConfigureAwait(false);
            if (child is not null && JsonSerializer.Deserialize(child.Value, CoreJsonContext.Default.TokenEntry) is { } childEntry)
            {
                await RevokeTreeAsync(childEntry, cancellationToken).ConfigureAwait(false);
            }
        }

        await RevokeOneAsync(entry, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Revokes only this token; its children become orphans.</summary>
    public async Task RevokeOrphanAsync(TokenEntry entry, CancellationToken cancellationToken)
    {
        var parentFolder = ParentPrefix + Hash(entry.Id) + "/";
        foreach (var childHash in await _view.ListAsync(parentFolder, cancellationToken).ConfigureAwait(false))
        {
            var child = await _view.GetAsync(IdPrefix + childHash, cancellationToken).ConfigureAwait(false);
            if (child is not null && JsonSerializer.Deserialize(child.Value, CoreJsonContext.Default.TokenEntry) is { } childEntry)
            {
                var orphaned = childEntry with { Parent = string.Empty };
                await _view.CommitAsync(
                    [
                        StorageOperation.Put(IdPrefix + childHash, JsonSerializer.SerializeToUtf8Bytes(orphaned, CoreJsonContext.Default.TokenEntry)),
                        StorageOperation.Delete(parentFolder + childHash),
                    ],
                    cancellationToken).ConfigureAwait(false);
                CacheStored(orphaned);
            }
        }

        await RevokeOneAsync(entry, cancellationToken).ConfigureAwait(false);
    }

    private async Task RevokeOneAsync(TokenEntry entry, CancellationToken cancellationToken)
    {
        var operations = new List<StorageOperation> { StorageOperation.Delete(IdPrefix + Hash(entry.Id)) };
        if (entry.Accessor.Length > 0)
        {
            operations.Add(StorageOperation.Delete(AccessorPrefix + Hash(entry.Accessor)));
        }

        if (!entry.IsOrphan)
        {
            operations.Add(StorageOperation.Delete(ParentPrefix + Hash(entry.Parent) + "/" + Hash(entry.Id)));
        }

        await _view.CommitAsync(operations, cancellationToken).ConfigureAwait(false);
        ForgetStored(entry.Id);
        if (Revoked is not null)
        {
            await Revoked(entry, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Counts one use of a limited-use token; revokes it when the last use is spent.</summary>
    public async Task UseAsync(TokenEntry entry, CancellationToken cancellationToken)
    {
        if (entry.NumUses <= 0 || entry.IsBatch)
        {
            return;
        }

        if (entry.NumUses == 1)
        {
            await RevokeTreeAsync(entry, cancellationToken).ConfigureAwait(false);
            return;
        }

        var used = entry with { NumUses = entry.NumUses - 1 };
        await _view.PutAsync(
            new StorageEntry(IdPrefix + Hash(entry.Id), JsonSerializer.SerializeToUtf8Bytes(used, CoreJsonContext.Default.TokenEntry)),
            cancellationToken).ConfigureAwait(false);
        CacheStored(used);
    }

    /// <summary>Keyed hash used as the storage name of ids and accessors: the raw value is never a key.</summary>
    private string Hash(string value) =>
        "h" + Convert.ToHexStringLower(HMACSHA256.HashData(_salt, Encoding.UTF8.GetBytes(value)));
}
