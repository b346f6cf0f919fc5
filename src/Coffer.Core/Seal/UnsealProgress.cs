namespace Coffer.Core.Seal;

/// <summary>
/// The key shares submitted so far towards one unseal (or one root generation): a nonce names the attempt,
/// and the same share is never counted twice.
/// </summary>
internal sealed class ShareCollector
{
    private readonly List<byte[]> _shares = [];

    public string Nonce { get; private set; } = string.Empty;

    public int Count => _shares.Count;

    /// <summary>Adds a share; false when this exact share was already given in this attempt.</summary>
    public bool Add(byte[] share)
    {
        if (_shares.Count == 0)
        {
            Nonce = Guid.NewGuid().ToString();
        }

        if (_shares.Any(s => s.AsSpan().SequenceEqual(share)))
        {
            return false;
        }

        _shares.Add(share);
        return true;
    }

    public IReadOnlyList<byte[]> Shares => _shares;

    public void Reset()
    {
        foreach (var share in _shares)
        {
            Array.Clear(share);
        }

        _shares.Clear();
        Nonce = string.Empty;
    }
}
