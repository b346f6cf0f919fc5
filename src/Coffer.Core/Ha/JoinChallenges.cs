using System.Security.Cryptography;

namespace Coffer.Core.Ha;

/// <summary>
/// The join challenges the active node has handed out and not yet seen answered, by node id. A node proves it holds
/// the cluster's unseal keys by returning the random bytes it could only decrypt after unsealing. Bounded, and each
/// challenge is good for one answer within <see cref="Lifetime"/>.
/// </summary>
internal sealed class JoinChallenges(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);
    private const int Capacity = 64;
    private const int ChallengeSize = 32;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, (byte[] Answer, DateTimeOffset Expires)> _pending = new(StringComparer.Ordinal);

    /// <summary>A new challenge for <paramref name="nodeId"/>, replacing any earlier one.</summary>
    public byte[] Issue(string nodeId)
    {
        var answer = RandomNumberGenerator.GetBytes(ChallengeSize);
        var now = time.GetUtcNow();
        lock (_lock)
        {
            foreach (var expired in _pending.Where(p => p.Value.Expires <= now).Select(p => p.Key).ToList())
            {
                _pending.Remove(expired);
            }

            if (_pending.Count >= Capacity && !_pending.ContainsKey(nodeId))
            {
                _pending.Remove(_pending.MinBy(p => p.Value.Expires).Key);
            }

            _pending[nodeId] = (answer, now + Lifetime);
        }

        return answer.ToArray();
    }

    /// <summary>True, and the challenge is spent, when <paramref name="answer"/> is the live challenge of the node.</summary>
    public bool TryConsume(string nodeId, ReadOnlySpan<byte> answer)
    {
        lock (_lock)
        {
            if (!_pending.TryGetValue(nodeId, out var pending) || pending.Expires <= time.GetUtcNow()
                || !CryptographicOperations.FixedTimeEquals(pending.Answer, answer))
            {
                return false;
            }

            _pending.Remove(nodeId);
            return true;
        }
    }
}
