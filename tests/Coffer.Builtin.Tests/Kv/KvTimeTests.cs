using Coffer.Builtin.Secrets.Kv;

namespace Coffer.Builtin.Tests.Kv;

public sealed class KvTimeTests
{
    [Theory]
    [InlineData(0L, "2018-03-22T02:24:06Z")]
    [InlineData(9_453_192L, "2018-03-22T02:24:06.9453192Z")]
    [InlineData(5_000_000L, "2018-03-22T02:24:06.5Z")]
    [InlineData(10L, "2018-03-22T02:24:06.000001Z")]
    public void Format_Timestamp_IsUtcRfc3339WithTrimmedFraction(long extraTicks, string expected)
    {
        var time = new DateTimeOffset(2018, 3, 22, 4, 24, 6, TimeSpan.FromHours(2)).AddTicks(extraTicks);

        Assert.Equal(expected, KvTime.Format(time));
    }

    [Fact]
    public void Format_NoTimestamp_IsEmpty() => Assert.Equal(string.Empty, KvTime.Format(null));

    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(45L, "45s")]
    [InlineData(60L, "1m0s")]
    [InlineData(3600L, "1h0m0s")]
    [InlineData(12319L, "3h25m19s")]
    [InlineData(2764800L, "768h0m0s")]
    [InlineData(-1L, "-1s")]
    public void GoDurationString_Seconds_MatchesGoFormatting(long seconds, string expected) =>
        Assert.Equal(expected, KvTime.GoDurationString(seconds));
}
