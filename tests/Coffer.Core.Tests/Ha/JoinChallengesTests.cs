using Coffer.Core.Ha;
using Coffer.Core.Tests.Barrier;

namespace Coffer.Core.Tests.Ha;

/// <summary>The active node's pending join challenges: one answer each, per node, within their lifetime.</summary>
public sealed class JoinChallengesTests
{
    private readonly ManualTimeProvider _time = new(TestBarrier.Epoch);

    [Fact]
    public void TryConsume_TheIssuedBytes_SucceedsOnce()
    {
        var challenges = new JoinChallenges(_time);
        var answer = challenges.Issue("node-2");

        Assert.True(challenges.TryConsume("node-2", answer));
        Assert.False(challenges.TryConsume("node-2", answer));
    }

    [Fact]
    public void TryConsume_WrongBytesOrAnotherNode_Fails()
    {
        var challenges = new JoinChallenges(_time);
        var answer = challenges.Issue("node-2");
        var wrong = answer.ToArray();
        wrong[0] ^= 1;

        Assert.False(challenges.TryConsume("node-2", wrong));
        Assert.False(challenges.TryConsume("node-3", answer));
        Assert.True(challenges.TryConsume("node-2", answer));
    }

    [Fact]
    public void TryConsume_AfterLifetime_Fails()
    {
        var challenges = new JoinChallenges(_time);
        var answer = challenges.Issue("node-2");
        _time.Advance(JoinChallenges.Lifetime);

        Assert.False(challenges.TryConsume("node-2", answer));
    }

    [Fact]
    public void Issue_Again_ReplacesTheEarlierChallenge()
    {
        var challenges = new JoinChallenges(_time);
        var first = challenges.Issue("node-2");
        var second = challenges.Issue("node-2");

        Assert.False(challenges.TryConsume("node-2", first));
        Assert.True(challenges.TryConsume("node-2", second));
    }
}
