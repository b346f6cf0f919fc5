using System.Text.Json.Nodes;
using Coffer.Cli.Output;

namespace Coffer.Cli.Tests.Output;

public sealed class GoFormatTests
{
    [Theory]
    [InlineData("null", "<nil>")]
    [InlineData("\"text\"", "text")]
    [InlineData("12345678901234567890", "12345678901234567890")]
    [InlineData("1.50", "1.50")]
    [InlineData("true", "true")]
    [InlineData("[]", "[]")]
    [InlineData("[\"a\",1,[true]]", "[a 1 [true]]")]
    [InlineData("{\"b\":[1],\"a\":{\"y\":null}}", "map[a:map[y:<nil>] b:[1]]")]
    public void Value_RendersLikeGoPercentV(string json, string expected)
    {
        Assert.Equal(expected, GoFormat.Value(JsonNode.Parse(json)));
    }

    [Fact]
    public void QuotedList_RendersLikeGoPercentQ()
    {
        Assert.Equal("[\"default\" \"my \\\"quoted\\\" policy\" \"tab\\there\"]", GoFormat.QuotedList(["default", "my \"quoted\" policy", "tab\there"]));
        Assert.Equal("[]", GoFormat.QuotedList(null));
    }
}
