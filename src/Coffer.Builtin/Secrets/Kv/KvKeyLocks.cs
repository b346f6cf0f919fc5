namespace Coffer.Builtin.Secrets.Kv;

/// <summary>
/// Serialises the read-modify-write cycles on one key (a write reads the metadata, then commits the next
/// version): a fixed set of locks, a key picks one by hash, so memory stays bounded however many keys exist.
/// Each stripe also counts its releases, so a record read without the lock can be proven still current once the
/// lock is held: if the count has not moved, no writer of any key on that stripe finished in between.
/// </summary>
/// <remarks>
/// A writer holds its stripe for a whole commit, which on integrated storage is a replication round, so two
/// writers of different keys on one stripe wait for each other. With Vault's 256 stripes, 64 concurrent writers
/// found another writer on their stripe about one time in five; 4,096 stripes make that about one in seventy. A
/// stripe's semaphore is created on first use, so an idle mount costs only the release counters.
/// </remarks>
internal sealed class KvKeyLocks
{
    private const int Stripes = 4096;

    private readonly SemaphoreSlim?[] _locks = new SemaphoreSlim?[Stripes];
    private readonly long[] _releases = new long[Stripes];

    public async Task<KvKeyLock> AcquireAsync(string key, CancellationToken cancellationToken)
    {
        var stripe = StripeOf(key);
        var gate = LockOf(stripe);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new KvKeyLock(gate, _releases, stripe);
    }

    /// <summary>
    /// The release count of <paramref name="key"/>'s stripe. Read it before reading a record without the lock;
    /// the record is still current when the count is the same under the lock.
    /// </summary>
    public long ReleasesOf(string key) => Volatile.Read(ref _releases[StripeOf(key)]);

    private SemaphoreSlim LockOf(int stripe)
    {
        if (Volatile.Read(ref _locks[stripe]) is { } existing)
        {
            return existing;
        }

        // Two first users may race: both create one, one wins, and everyone uses the winner.
        var created = new SemaphoreSlim(1, 1);
        return Interlocked.CompareExchange(ref _locks[stripe], created, null) ?? created;
    }

    private static int StripeOf(string key) => (int)((uint)StringComparer.Ordinal.GetHashCode(key) % Stripes);
}
