using Coffer.Core.Tokens;
using Microsoft.Extensions.Logging;

namespace Coffer.Core.Leases;

/// <summary>
/// Revokes service tokens whose TTL has run out. Expiry is computed from stored entries, so nothing is lost across
/// a restart: after every unseal the manager sweeps storage, then keeps sweeping on a timer. Lookups already refuse
/// an expired token the instant it expires; the sweep removes it (and its children) from storage.
/// </summary>
public sealed partial class ExpirationManager : IDisposable
{
    private readonly TokenStore _tokens;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _interval;
    private ITimer? _timer;
    private int _sweeping;

    public ExpirationManager(TokenStore tokens, TimeProvider time, ILogger logger, TimeSpan interval)
    {
        _tokens = tokens;
        _time = time;
        _logger = logger;
        _interval = interval;
    }

    public void Start()
    {
        Stop();
        _timer = _time.CreateTimer(_ => TryStartTidy(CancellationToken.None), null, TimeSpan.Zero, _interval);
    }

    public void Stop()
    {
        _timer?.Dispose();
        _timer = null;
    }

    /// <summary>Starts a sweep unless one is running; false when one already is.</summary>
    public bool TryStartTidy(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _sweeping, 1, 0) != 0)
        {
            return false;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await SweepAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                SweepFailed(_logger, e);
            }
            finally
            {
                Volatile.Write(ref _sweeping, 0);
            }
        }, CancellationToken.None);
        return true;
    }

    /// <summary>Revokes every expired stored token; returns how many were revoked.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var revoked = 0;
        foreach (var entry in await _tokens.ListStoredAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_tokens.IsExpired(entry))
            {
                await _tokens.RevokeTreeAsync(entry, cancellationToken).ConfigureAwait(false);
                revoked++;
            }
        }

        if (revoked > 0)
        {
            Revoked(_logger, revoked);
        }

        return revoked;
    }

    public void Dispose() => Stop();

    [LoggerMessage(1, LogLevel.Information, "expiration: revoked {Count} expired tokens")]
    private static partial void Revoked(ILogger logger, int count);

    [LoggerMessage(2, LogLevel.Warning, "expiration: sweep failed; it will be retried")]
    private static partial void SweepFailed(ILogger logger, Exception exception);
}
