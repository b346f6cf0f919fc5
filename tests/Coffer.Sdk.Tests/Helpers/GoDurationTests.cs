using Coffer.Sdk.Helpers;
using CsCheck;

namespace Coffer.Sdk.Tests.Helpers;

public sealed class GoDurationTests
{
    public static TheoryData<string, TimeSpan> ValidDurations => new()
    {
        { "0", TimeSpan.Zero },
        { "", TimeSpan.Zero },
        { "300", TimeSpan.FromSeconds(300) },
        { "-5", TimeSpan.FromSeconds(-5) },
        { "300s", TimeSpan.FromSeconds(300) },
        { "1h", TimeSpan.FromHours(1) },
        { "768h", TimeSpan.FromHours(768) },
        { "1h30m", TimeSpan.FromMinutes(90) },
        { "1h2m3s", new TimeSpan(1, 2, 3) },
        { "1.5h", TimeSpan.FromMinutes(90) },
        { ".5s", TimeSpan.FromMilliseconds(500) },
        { "1.s", TimeSpan.FromSeconds(1) },
        { "300ms", TimeSpan.FromMilliseconds(300) },
        { "1500us", TimeSpan.FromMicroseconds(1500) },
        { "2µs", TimeSpan.FromMicroseconds(2) },
        { "2μs", TimeSpan.FromMicroseconds(2) },
        { "100ns", TimeSpan.FromTicks(1) },
        { "-1m30s", TimeSpan.FromSeconds(-90) },
        { "+10s", TimeSpan.FromSeconds(10) },
        { "7d", TimeSpan.FromDays(7) },
        { "1h0.5s", TimeSpan.FromHours(1) + TimeSpan.FromMilliseconds(500) },
    };

    [Theory]
    [MemberData(nameof(ValidDurations))]
    public void Parse_ValidText_GivesDuration(string text, TimeSpan expected)
    {
        Assert.Equal(expected, GoDuration.Parse(text));
    }

    [Theory]
    [InlineData("h")]
    [InlineData("1x")]
    [InlineData("1hh")]
    [InlineData("s")]
    [InlineData(".s")]
    [InlineData("1h-2m")]
    [InlineData(" 1h")]
    [InlineData("1.2.3s")]
    [InlineData("99999999999999999999h")]
    [InlineData("3000000h")]
    public void TryParse_InvalidText_Fails(string text)
    {
        Assert.False(GoDuration.TryParse(text, out _, out var error));
        Assert.StartsWith("time: ", error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => GoDuration.Parse(text));
    }

    [Fact]
    public void TryParse_UnknownUnit_NamesTheUnit()
    {
        Assert.False(GoDuration.TryParse("5y", out _, out var error));

        Assert.Equal("time: unknown unit \"y\" in duration \"5y\"", error);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(768 * 3600, "768h")]
    [InlineData(30 * 60, "30m")]
    [InlineData(3723, "1h2m3s")]
    [InlineData(3605, "1h5s")]
    [InlineData(90, "1m30s")]
    [InlineData(45, "45s")]
    [InlineData(-90, "-1m30s")]
    public void Format_Seconds_GivesVaultsShortForm(long seconds, string expected)
    {
        Assert.Equal(expected, GoDuration.Format(TimeSpan.FromSeconds(seconds)));
    }

    [Theory]
    [InlineData(768 * 3600, "768h0m0s")]
    [InlineData(60, "1m0s")]
    [InlineData(1.5, "1.5s")]
    [InlineData(0.3, "300ms")]
    [InlineData(0.0015, "1.5ms")]
    [InlineData(0.000002, "2µs")]
    public void FormatGo_MatchesGoDurationString(double seconds, string expected)
    {
        Assert.Equal(expected, GoDuration.FormatGo(TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond))));
    }

    [Fact]
    public void FormatGo_OneTick_IsHundredNanoseconds()
    {
        Assert.Equal("100ns", GoDuration.FormatGo(TimeSpan.FromTicks(1)));
    }

    [Fact]
    public void FormatThenParse_AnyDuration_RoundTrips()
    {
        // Go's range is ±292 years of nanoseconds; stay inside it.
        Gen.Long[-9_000_000_000_000_000L / 100, 9_000_000_000_000_000L / 100].Sample(ticks =>
        {
            var value = TimeSpan.FromTicks(ticks);
            Assert.Equal(value, GoDuration.Parse(GoDuration.Format(value)));
            Assert.Equal(value, GoDuration.Parse(GoDuration.FormatGo(value)));
        });
    }
}
