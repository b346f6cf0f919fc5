namespace Coffer.Builtin.Secrets.Kv;

/// <summary>
/// Serialises the read-modify-write cycles on one key (a write reads the metadata, then commits the next
/// version): a fixed set of locks, a key picks one by hash, so memory stays bounded however many keys exist.
/// </summary>
internal sealed class KvKeyLocks
{
    private const int Stripes = 256;

    private readonly SemaphoreSlim[] _locks = Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async Task<KvKeyLock> AcquireAsync(string key, CancellationToken cancellationToken)
    {
        var stripe = _locks[(uint)StringComparer.Ordinal.GetHashCode(key) % Stripes];
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new KvKeyLock(stripe);
    }
}
