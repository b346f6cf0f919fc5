namespace Coffer.Replication.Primary;

/// <summary>One open Stream call; revoking its secondary cancels <see cref="Token"/>.</summary>
internal sealed class ActiveStream(string secondaryId, string? remoteAddress, CancellationTokenSource cancellation, Action<ActiveStream> onClose) : IDisposable
{
    public string SecondaryId { get; } = secondaryId;

    public string? RemoteAddress { get; } = remoteAddress;

    public CancellationToken Token => cancellation.Token;

    public bool Revoked { get; private set; }

    public void Revoke()
    {
        Revoked = true;
        cancellation.Cancel();
    }

    public void Dispose()
    {
        onClose(this);
        cancellation.Dispose();
    }
}
