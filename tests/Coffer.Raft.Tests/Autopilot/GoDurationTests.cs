using Coffer.Raft.Autopilot;

namespace Coffer.Raft.Tests.Autopilot;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(1L, "100ns")]
    [InlineData(15L, "1.5µs")]
    [InlineData(6_786_257L, "678.6257ms")]
    [InlineData(10_000L, "1ms")]
    [InlineData(10_000_000L, "1s")]
    [InlineData(15_000_000L, "1.5s")]
    [InlineData(100_000_000L, "10s")]
    [InlineData(600_000_000L, "1m0s")]
    [InlineData(36_000_000_000L, "1h0m0s")]
    [InlineData(864_000_000_000L, "24h0m0s")]
    [InlineData(37_815_000_000L, "1h3m1.5s")]
    [InlineData(-15_000_000L, "-1.5s")]
    public void Format_Ticks_MatchesGoDurationString(long ticks, string expected)
    {
        Assert.Equal(expected, GoDuration.Format(TimeSpan.FromTicks(ticks)));
    }

    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("24h0m0s", 86_400_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("250ms", 250)]
    [InlineData("0", 0)]
    [InlineData("-2m", -120_000)]
    public void TryParse_GoDuration_ReturnsTheDuration(string text, long milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("s")]
    [InlineData("10x")]
    [InlineData("1..5s")]
    public void TryParse_NotAGoDuration_Fails(string text)
    {
        Assert.False(GoDuration.TryParse(text, out _));
    }

    [Fact]
    public void FormatThenParse_Durations_RoundTrip()
    {
        foreach (var ticks in new[] { 1L, 12_345L, 9_999_999L, 123_456_789L, 987_654_321_000L })
        {
            Assert.True(GoDuration.TryParse(GoDuration.Format(TimeSpan.FromTicks(ticks)), out var back));
            Assert.Equal(ticks, back.Ticks);
        }
    }
}
