namespace Coffer.Builtin.Secrets.Kv;

/// <summary>
/// Serialises the read-modify-write cycles on one key (a write reads the metadata, then commits the next
/// version): a fixed set of locks, a key picks one by hash, so memory stays bounded however many keys exist.
/// Each stripe also counts its releases, so a record read without the lock can be proven still current once the
/// lock is held: if the count has not moved, no writer of any key on that stripe finished in between.
/// </summary>
internal sealed class KvKeyLocks
{
    private const int Stripes = 256;

    private readonly SemaphoreSlim[] _locks = Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
    private readonly long[] _releases = new long[Stripes];

    public async Task<KvKeyLock> AcquireAsync(string key, CancellationToken cancellationToken)
    {
        var stripe = StripeOf(key);
        await _locks[stripe].WaitAsync(cancellationToken).ConfigureAwait(false);
        return new KvKeyLock(_locks[stripe], _releases, stripe);
    }

    /// <summary>
    /// The release count of <paramref name="key"/>'s stripe. Read it before reading a record without the lock;
    /// the record is still current when the count is the same under the lock.
    /// </summary>
    public long ReleasesOf(string key) => Volatile.Read(ref _releases[StripeOf(key)]);

    private static int StripeOf(string key) => (int)((uint)StringComparer.Ordinal.GetHashCode(key) % Stripes);
}
