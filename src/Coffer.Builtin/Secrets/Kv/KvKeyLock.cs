namespace Coffer.Builtin.Secrets.Kv;

/// <summary>A held <see cref="KvKeyLocks"/> stripe; disposing releases it.</summary>
internal readonly struct KvKeyLock(SemaphoreSlim stripe) : IDisposable
{
    public void Dispose() => stripe.Release();
}
