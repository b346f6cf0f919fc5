namespace Coffer.Server.Storage;

/// <summary>
/// Serialises writers per key without one global lock: each key hashes to one of a fixed set of async
/// locks. Writers of different keys mostly run in parallel (their fsyncs overlap); a commit takes the
/// stripes of all its keys in ascending order, so two commits never deadlock.
/// </summary>
internal sealed class KeyLockStripes
{
    private readonly SemaphoreSlim[] _stripes;

    public KeyLockStripes(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _stripes = new SemaphoreSlim[count];
        for (var i = 0; i < count; i++)
        {
            _stripes[i] = new SemaphoreSlim(1, 1);
        }
    }

    /// <summary>Takes the stripes of every key in <paramref name="keys"/>; dispose the result to release them.</summary>
    public async Task<IDisposable> AcquireAsync(IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var indices = keys.Select(StripeOf).Distinct().Order().ToArray();
        var held = 0;
        try
        {
            for (; held < indices.Length; held++)
            {
                await _stripes[indices[held]].WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            Release(indices, held);
            throw;
        }

        return new Held(this, indices);
    }

    private int StripeOf(string key) => (int)((uint)StringComparer.Ordinal.GetHashCode(key) % (uint)_stripes.Length);

    private void Release(int[] indices, int count)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            _stripes[indices[i]].Release();
        }
    }

    private sealed class Held(KeyLockStripes owner, int[] indices) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(indices, indices.Length);
            }
        }
    }
}
