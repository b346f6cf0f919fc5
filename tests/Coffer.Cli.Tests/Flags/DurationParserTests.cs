using Coffer.Cli.Flags;

namespace Coffer.Cli.Tests.Flags;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("0", 0)]
    [InlineData("30", 30)]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("8h", 28800)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5h", 5400)]
    [InlineData("768h", 2764800)]
    [InlineData("7d", 604800)]
    [InlineData("-2s", -2)]
    [InlineData("+1m", 60)]
    public void Parse_ValidText_GivesSeconds(string text, long seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), DurationParser.Parse(text));
    }

    [Fact]
    public void Parse_SubSecondUnits_AreExact()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(300), DurationParser.Parse("300ms"));
        Assert.Equal(TimeSpan.FromTicks(15), DurationParser.Parse("1.5us"));
        Assert.Equal(TimeSpan.FromTicks(15), DurationParser.Parse("1.5µs"));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("5x")]
    [InlineData("1h-2m")]
    [InlineData(".s")]
    [InlineData("-")]
    public void TryParse_InvalidText_Fails(string text)
    {
        Assert.False(DurationParser.TryParse(text, out _, out var error));
        Assert.StartsWith("time:", error, StringComparison.Ordinal);
    }
}
