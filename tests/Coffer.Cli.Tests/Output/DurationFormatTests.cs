using Coffer.Cli.Output;

namespace Coffer.Cli.Tests.Output;

public sealed class DurationFormatTests
{
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(1, "1s")]
    [InlineData(59, "59s")]
    [InlineData(60, "1m")]
    [InlineData(90, "1m30s")]
    [InlineData(1800, "30m")]
    [InlineData(3600, "1h")]
    [InlineData(3601, "1h1s")]
    [InlineData(3660, "1h1m")]
    [InlineData(3723, "1h2m3s")]
    [InlineData(28800, "8h")]
    [InlineData(2764800, "768h")]
    [InlineData(2764790, "767h59m50s")]
    public void HumanizeSeconds_DropsZeroMinutesAndSeconds(long seconds, string expected)
    {
        Assert.Equal(expected, DurationFormat.HumanizeSeconds(seconds));
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(3600_0000000, "1h0m0s")]
    [InlineData(90_0000000, "1m30s")]
    [InlineData(15_000_000, "1.5s")]
    [InlineData(3_000_000, "300ms")]
    [InlineData(15, "1.5µs")]
    [InlineData(-20_000_000, "-2s")]
    public void GoString_MatchesGoDurationString(long ticks, string expected)
    {
        Assert.Equal(expected, DurationFormat.GoString(TimeSpan.FromTicks(ticks)));
    }

    [Fact]
    public void Humanize_SubSecond_KeepsGoForm()
    {
        Assert.Equal("500ms", DurationFormat.Humanize(TimeSpan.FromMilliseconds(500)));
    }
}
