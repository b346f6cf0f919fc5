namespace Coffer.Builtin.Secrets.Kv;

/// <summary>A held <see cref="KvKeyLocks"/> stripe; disposing counts the release and releases it.</summary>
internal readonly struct KvKeyLock(SemaphoreSlim stripe, long[] releases, int index) : IDisposable
{
    public void Dispose()
    {
        // Counted before the release, so whoever takes the lock next sees that this holder may have written.
        Interlocked.Increment(ref releases[index]);
        stripe.Release();
    }
}
