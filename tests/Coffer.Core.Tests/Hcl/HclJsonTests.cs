using Coffer.Core.Hcl;

namespace Coffer.Core.Tests.Hcl;

public sealed class HclJsonTests
{
    [Fact]
    public void Parse_JsonDocument_GivesTheSameShapeAsTheHclObjectForm()
    {
        var json = HclJson.Parse("""{"a": "x", "n": -1.5, "b": true, "l": [1, "two"], "o": {"k": []}}""");
        var hcl = HclParser.Parse("""a = "x" n = -1.5 b = true l = [1, "two"] o = { k = [] }""");

        Assert.Equal(HclShape.Of(hcl), HclShape.Of(json));
    }

    [Fact]
    public void Parse_JsonValues_CarryLineAndColumn()
    {
        var body = HclJson.Parse("{\n  \"ui\": true,\n  \"list\": [\n    1\n  ]\n}");

        Assert.Equal((2, 3), (body.Attributes[0].Line, body.Attributes[0].Column));
        Assert.Equal((2, 9), (body.Attributes[0].Value.Line, body.Attributes[0].Value.Column));
        var list = (HclList)body.Attributes[1].Value;
        Assert.Equal((4, 5), (list.Items[0].Line, list.Items[0].Column));
    }

    [Fact]
    public void Parse_JsonEscapes_AreDecoded()
    {
        var body = HclJson.Parse("""{"s": "a\"b\\c\/d\n\u00e9\ud83d\ude00"}""");

        Assert.Equal("a\"b\\c/d\né😀", ((HclString)body.Attributes[0].Value).Value);
    }

    [Theory]
    [InlineData("[1]", 1, 1, "the document must be a JSON object")]
    [InlineData("{\"a\": 1,}", 1, 9, "expected a member name in double quotes, found '}'")]
    [InlineData("{\"a\" 1}", 1, 6, "expected ':' after member name \"a\"")]
    [InlineData("{\n\"a\": null}", 2, 6, "null is not supported; leave the key out instead")]
    [InlineData("{\"a\": 01}", 1, 8, "expected ',' or '}' in object, found '1'")]
    [InlineData("{\"a\": [1 2]}", 1, 10, "expected ',' or ']' in array, found '2'")]
    [InlineData("{\"a\": 1} x", 1, 10, "unexpected 'x' after the end of the JSON document")]
    [InlineData("{\"a\": 1", 1, 8, "expected '}' to close the object opened at 1:1, found end of input")]
    public void Parse_InvalidJson_ReportsLineAndColumn(string json, int line, int column, string reason)
    {
        var error = Assert.Throws<HclParseException>(() => HclJson.Parse(json));

        Assert.Equal(reason, error.Reason);
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Fact]
    public void DocumentParse_TextStartingWithBrace_IsReadAsJson()
    {
        var body = HclDocument.Parse("  \n{\"path\": {\"a\": {\"capabilities\": [\"read\"]}}}");

        Assert.Equal("path", Assert.Single(body.Attributes).Name);
    }

    [Fact]
    public void DocumentParse_HclText_IsReadAsHcl()
    {
        var body = HclDocument.Parse("path \"a\" { capabilities = [\"read\"] }");

        Assert.Equal("path", Assert.Single(body.Blocks).Type);
    }

    [Fact]
    public void DocumentParse_BrokenJson_ReportsTheJsonError()
    {
        var error = Assert.Throws<HclParseException>(() => HclDocument.Parse("{\"a\": }"));

        Assert.Equal("expected a JSON value, found '}'", error.Reason);
    }

    [Fact]
    public void BlocksOfType_JsonObjectKeyedByLabel_BecomesLabelledBlocks()
    {
        var body = HclJson.Parse("""{"path": {"secret/*": {"capabilities": ["read"]}, "secret/x": {"capabilities": ["deny"]}}}""");

        var blocks = body.BlocksOfType("path", 1).ToList();

        Assert.Equal(["secret/*", "secret/x"], blocks.Select(b => b.Labels[0]));
        Assert.Equal("capabilities", blocks[1].Body.Attributes[0].Name);
        Assert.Equal((1, 11), (blocks[0].Line, blocks[0].Column));
    }

    [Fact]
    public void BlocksOfType_JsonListOfObjects_GivesOneBlockPerElement()
    {
        var body = HclJson.Parse("""{"listener": [{"tcp": {"address": "a"}}, {"tcp": {"address": "b"}}], "retry_join": [{"x": 1}, {"x": 2}]}""");

        Assert.Equal(2, body.BlocksOfType("listener", 1).Count());
        Assert.Equal(2, body.BlocksOfType("retry_join", 0).Count());
    }

    [Fact]
    public void BlocksOfType_HclAttributeWithObjectValue_IsReadLikeABlock()
    {
        var body = HclParser.Parse("""
            path "a" { policy = "read" }
            path = { "b" = { policy = "write" } }
            """);

        var blocks = body.BlocksOfType("path", 1).ToList();

        Assert.Equal(["a", "b"], blocks.Select(b => b.Labels[0]));
        Assert.Equal((2, 10), (blocks[1].Line, blocks[1].Column));
    }

    [Fact]
    public void BlocksOfType_BlockWithFewerLabels_TakesTheRestFromItsBody()
    {
        var body = HclParser.Parse("listener { tcp { address = \"a\" } }");

        var block = Assert.Single(body.BlocksOfType("listener", 1));

        Assert.Equal(["tcp"], block.Labels);
        Assert.Equal("address", block.Body.Attributes[0].Name);
    }

    [Fact]
    public void BlocksOfType_ScalarWhereBlockExpected_ReportsPosition()
    {
        var body = HclParser.Parse("path = \"oops\"");

        var error = Assert.Throws<HclParseException>(() => body.BlocksOfType("path", 1).ToList());

        Assert.Equal((1, 8), (error.Line, error.Column));
        Assert.Equal("\"path\" must be a block (or an object), found a string", error.Reason);
    }

    [Fact]
    public void BlocksOfType_BlockWithTooManyLabels_IsAnError()
    {
        var body = HclParser.Parse("path \"a\" \"b\" {}");

        var error = Assert.Throws<HclParseException>(() => body.BlocksOfType("path", 1).ToList());

        Assert.Equal("block \"path\" takes one label, found 2", error.Reason);
    }
}
