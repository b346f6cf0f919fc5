using System.Collections.Concurrent;

namespace Coffer.Core.Tokens;

/// <summary>
/// Every request looks its token up, so entries are cached in memory: stored service tokens by id, and decoded batch
/// tokens by their string. All changes to stored tokens go through this store, which keeps the cache current;
/// <see cref="InvalidateCaches"/> drops everything when storage changes underneath (a replication apply, a restore).
/// Misses are not cached, so random guesses cannot fill the cache; expiry is still checked on every lookup.
/// </summary>
public sealed partial class TokenStore
{
    private const int MaxCachedEntries = 50_000;

    private readonly ConcurrentDictionary<string, TokenEntry> _storedCache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TokenEntry> _batchCache = new(StringComparer.Ordinal);

    /// <summary>Forgets every cached token and role.</summary>
    public void InvalidateCaches()
    {
        _storedCache.Clear();
        _batchCache.Clear();
        _roles.Clear();
    }

    private void CacheStored(TokenEntry entry) => Remember(_storedCache, entry.Id, entry);

    private void ForgetStored(string id) => _storedCache.TryRemove(id, out _);

    private static void Remember(ConcurrentDictionary<string, TokenEntry> cache, string key, TokenEntry entry)
    {
        if (cache.Count >= MaxCachedEntries)
        {
            cache.Clear();
        }

        cache[key] = entry;
    }
}
