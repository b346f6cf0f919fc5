using System.Security.Cryptography;
using Coffer.Sdk.Errors;

namespace Coffer.Core.Barrier;

/// <summary>
/// AES-GCM for one keyring term. <see cref="AesGcm"/> instances are not thread-safe and costly to
/// create, so each term keeps a small lock-free pool: a caller takes an instance out of a slot with
/// an atomic exchange, so no two threads ever share one. Destroying the cipher disposes every pooled
/// instance (wiping the native key copies) and refuses to create new ones from the soon-zeroed key.
/// </summary>
internal sealed class TermCipher
{
    private readonly KeyringTerm _term;
    private readonly AesGcm?[] _pool = new AesGcm?[Math.Clamp(Environment.ProcessorCount * 2, 4, 64)];

    // Guards creation against destruction: an instance is only ever built from the key while it is
    // known to be intact, because Destroy flips the flag under this lock before anyone zeroes the key.
    private readonly Lock _creation = new();
    private bool _destroyed;
    private long _encryptions;

    public TermCipher(KeyringTerm term)
    {
        _term = term;
    }

    public int Term => _term.Term;

    public DateTimeOffset InstallTime => _term.InstallTime;

    /// <summary>Encryptions done under this term by this process since this cipher was created.</summary>
    public long Encryptions => Interlocked.Read(ref _encryptions);

    public void Seal(ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        var aes = Rent();
        try
        {
            BarrierEnvelope.Seal(aes, _term.Term, associatedData, plaintext, destination);
        }
        finally
        {
            Return(aes);
        }

        Interlocked.Increment(ref _encryptions);
    }

    public bool TryOpen(ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> envelope, Span<byte> destination)
    {
        var aes = Rent();
        try
        {
            return BarrierEnvelope.TryOpen(aes, associatedData, envelope, destination);
        }
        finally
        {
            Return(aes);
        }
    }

    /// <summary>Disposes pooled instances; afterwards every use throws the sealed error. The caller zeroes the key.</summary>
    public void Destroy()
    {
        lock (_creation)
        {
            Volatile.Write(ref _destroyed, true);
        }

        Drain();
    }

    private AesGcm Rent()
    {
        var start = (uint)Environment.CurrentManagedThreadId;
        for (uint i = 0; i < (uint)_pool.Length; i++)
        {
            ref var slot = ref _pool[(start + i) % (uint)_pool.Length];
            if (Volatile.Read(ref slot) is null)
            {
                continue;
            }

            var pooled = Interlocked.Exchange(ref slot, null);
            if (pooled is null)
            {
                continue;
            }

            if (Volatile.Read(ref _destroyed))
            {
                pooled.Dispose();
                throw CofferException.SealedError();
            }

            return pooled;
        }

        lock (_creation)
        {
            if (_destroyed)
            {
                throw CofferException.SealedError();
            }

            return new AesGcm(_term.Key, BarrierEnvelope.TagSize);
        }
    }

    private void Return(AesGcm aes)
    {
        if (!Volatile.Read(ref _destroyed))
        {
            var start = (uint)Environment.CurrentManagedThreadId;
            for (uint i = 0; i < (uint)_pool.Length; i++)
            {
                ref var slot = ref _pool[(start + i) % (uint)_pool.Length];
                if (Volatile.Read(ref slot) is null && Interlocked.CompareExchange(ref slot, aes, null) is null)
                {
                    // Destroy may have drained the pool between the check above and the store: drain
                    // again so no live key copy is left behind in a slot.
                    if (Volatile.Read(ref _destroyed))
                    {
                        Drain();
                    }

                    return;
                }
            }
        }

        aes.Dispose();
    }

    private void Drain()
    {
        for (var i = 0; i < _pool.Length; i++)
        {
            Interlocked.Exchange(ref _pool[i], null)?.Dispose();
        }
    }
}
