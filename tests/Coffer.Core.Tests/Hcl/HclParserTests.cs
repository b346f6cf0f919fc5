using Coffer.Core.Hcl;

namespace Coffer.Core.Tests.Hcl;

public sealed class HclParserTests
{
    [Fact]
    public void Parse_Comments_AreIgnoredInAllThreeForms()
    {
        var body = HclParser.Parse("""
            # hash comment
            a = 1 // line comment
            /* block
               comment */ b = "x" /* inline */
            """);

        Assert.Equal("(body (attr \"a\" (num 1)) (attr \"b\" (str \"x\")))", HclShape.Of(body));
    }

    [Fact]
    public void Parse_Attribute_CarriesKeyPosition()
    {
        var body = HclParser.Parse("\n  name = \"x\"\n");

        var attribute = Assert.Single(body.Attributes);
        Assert.Equal((2, 3), (attribute.Line, attribute.Column));
        Assert.Equal((2, 10), (attribute.Value.Line, attribute.Value.Column));
    }

    [Fact]
    public void Parse_StringEscapes_AreDecoded()
    {
        var body = HclParser.Parse("""s = "q\"b\\n\nt\tu\u00e9U\U0001F600/\/" """);

        Assert.Equal("q\"b\\n\nt\tuéU😀//", ((HclString)body.Attributes[0].Value).Value);
    }

    [Fact]
    public void Parse_InterpolationSyntax_IsKeptLiterally()
    {
        var body = HclParser.Parse("""p = "identity/entity/id/{{identity.entity.id}} ${var}" """);

        Assert.Equal("identity/entity/id/{{identity.entity.id}} ${var}", ((HclString)body.Attributes[0].Value).Value);
    }

    [Theory]
    [InlineData("n = 42", "42", true)]
    [InlineData("n = -7", "-7", true)]
    [InlineData("n = 1.5", "1.5", false)]
    [InlineData("n = -0.25", "-0.25", false)]
    [InlineData("n = 2e3", "2e3", false)]
    [InlineData("n = 1E+20", "1E+20", false)]
    public void Parse_Numbers_KeepTheirText(string text, string expected, bool isInteger)
    {
        var number = Assert.IsType<HclNumber>(HclParser.Parse(text).Attributes[0].Value);

        Assert.Equal(expected, number.Text);
        Assert.Equal(isInteger, number.IsInteger);
    }

    [Fact]
    public void Parse_Booleans_AreBoolValues()
    {
        var body = HclParser.Parse("t = true\nf = false");

        Assert.Equal("(body (attr \"t\" (bool true)) (attr \"f\" (bool false)))", HclShape.Of(body));
    }

    [Fact]
    public void Parse_Lists_AllowTrailingCommasNewlinesAndNesting()
    {
        var body = HclParser.Parse("""
            l = [
              "a",
              1, [true],
              {k = "v"},
            ]
            e = []
            """);

        Assert.Equal(
            "(body (attr \"l\" (list (str \"a\") (num 1) (list (bool true)) (obj \"k\"=(str \"v\")))) (attr \"e\" (list)))",
            HclShape.Of(body));
    }

    [Fact]
    public void Parse_ObjectLiterals_AcceptEqualsColonsCommasAndNewlines()
    {
        var body = HclParser.Parse("""
            p = { "foo" = [], bar = ["a"], "baz": 1 }
            q = {
              "x" = 1
              y: "2"
            }
            """);

        Assert.Equal(
            "(body (attr \"p\" (obj \"foo\"=(list) \"bar\"=(list (str \"a\")) \"baz\"=(num 1))) (attr \"q\" (obj \"x\"=(num 1) \"y\"=(str \"2\"))))",
            HclShape.Of(body));
    }

    [Fact]
    public void Parse_BlocksWithZeroOneOrManyLabels_KeepTheirLabels()
    {
        var body = HclParser.Parse("""
            telemetry { a = 1 }
            listener "tcp" { address = "127.0.0.1:8200" }
            multi "one" two "three" {}
            """);

        Assert.Equal(3, body.Blocks.Count);
        Assert.Empty(body.Blocks[0].Labels);
        Assert.Equal(["tcp"], body.Blocks[1].Labels);
        Assert.Equal(["one", "two", "three"], body.Blocks[2].Labels);
        Assert.Empty(body.Blocks[2].Body.Items);
    }

    [Fact]
    public void Parse_NestedAndRepeatedBlocks_StaySeparateAndInOrder()
    {
        var body = HclParser.Parse("""
            storage "raft" {
              path = "/data"
              retry_join { leader_api_addr = "https://a:8200" }
              retry_join { leader_api_addr = "https://b:8200" }
            }
            """);

        var storage = Assert.Single(body.Blocks);
        Assert.Equal((1, 1), (storage.Line, storage.Column));
        var joins = storage.Body.Blocks;
        Assert.Equal(2, joins.Count);
        Assert.Equal("https://a:8200", ((HclString)joins[0].Body.Attributes[0].Value).Value);
        Assert.Equal("https://b:8200", ((HclString)joins[1].Body.Attributes[0].Value).Value);
        Assert.Equal((3, 3), (joins[0].Line, joins[0].Column));
    }

    [Fact]
    public void Parse_ItemsOnOneLineWithoutSeparators_AreAcceptedLikeHcl1()
    {
        var body = HclParser.Parse("""path "/" { capabilities=["read"] policy="read" }""");

        Assert.Equal(["capabilities", "policy"], body.Blocks[0].Body.Items.Select(i => i.Name));
    }

    [Fact]
    public void Parse_RepeatedAttributes_AreAllKept()
    {
        var body = HclParser.Parse("a = 1\na = 2");

        Assert.Equal(2, body.Attributes.Count);
        Assert.Equal("2", ((HclNumber)body.FindAttribute("a")!.Value).Text);
    }

    [Fact]
    public void Parse_Heredoc_KeepsLinesAndFinalNewline()
    {
        var body = HclParser.Parse("""
            policy = <<EOF
            path "a" {
              capabilities = ["read"]
            }
            EOF
            next = 1
            """);

        Assert.Equal("path \"a\" {\n  capabilities = [\"read\"]\n}\n", ((HclString)body.Attributes[0].Value).Value);
        Assert.Equal((6, 1), (body.Attributes[1].Line, body.Attributes[1].Column));
    }

    [Fact]
    public void Parse_IndentedHeredoc_RemovesCommonIndentation()
    {
        var body = HclParser.Parse("block {\n  text = <<-EOT\n    first\n      second\n    EOT\n}\n");

        var text = (HclString)body.Blocks[0].Body.Attributes[0].Value;
        Assert.Equal("first\n  second\n", text.Value);
    }

    [Fact]
    public void Parse_HeredocMarkerInsideText_DoesNotEndIt()
    {
        var body = HclParser.Parse("t = <<EOF\nEOF is here\n  EOF\n");

        Assert.Equal("EOF is here\n", ((HclString)body.Attributes[0].Value).Value);
    }

    [Fact]
    public void Parse_BlockInsideObjectLiteral_BecomesNestedObjects()
    {
        var body = HclParser.Parse("""x = { inner "l" { a = 1 } }""");

        Assert.Equal("(body (attr \"x\" (obj \"inner\"=(obj \"l\"=(obj \"a\"=(num 1))))))", HclShape.Of(body));
    }

    [Fact]
    public void Parse_CrLfLineEndings_CountLinesCorrectly()
    {
        var body = HclParser.Parse("a = 1\r\nb = 2\r\n");

        Assert.Equal(2, body.Attributes[1].Line);
        Assert.Equal(1, body.Attributes[1].Column);
    }

    [Theory]
    [InlineData("a = 1\nb = 2\n\nname \"x\" = 3", 4, 10, "expected '{' after the labels of block \"name\", found '='")]
    [InlineData("a = 1\n\n  name  1", 3, 9, "expected '=' or '{' after key \"name\"")]
    [InlineData("name{}\n}", 2, 1, "expected a key, found '}'")]
    [InlineData("a = \"open\nb = 1", 1, 5, "string literal not terminated")]
    [InlineData("a = [1, 2", 1, 10, "expected ']' to close the list opened at 1:5, found end of input")]
    [InlineData("a = [1 2]", 1, 8, "expected ',' or ']' after a list item, found number 2")]
    [InlineData("block {\n  a = 1\n", 3, 1, "expected '}' to close the block opened at 1:7, found end of input")]
    [InlineData("a = bareword", 1, 5, "unknown value bareword: strings must be quoted, and variables and expressions are not supported")]
    [InlineData("a = \"x\\q\"", 1, 7, "invalid escape sequence \"\\q\"")]
    [InlineData("a = 10s", 1, 5, "invalid number \"10s\"")]
    [InlineData("a = @", 1, 5, "illegal character '@'")]
    [InlineData("a = }", 1, 5, "expected a value, found '}'")]
    [InlineData("/* never closed", 1, 1, "comment not terminated")]
    [InlineData("t = <<EOF\nno end\n", 1, 5, "heredoc not terminated: no line holding only EOF")]
    [InlineData("o = { a 1 }", 1, 9, "expected '=' or ':' after object key \"a\", found number 1")]
    [InlineData("o = { = 1 }", 1, 7, "expected an object key, found '='")]
    public void Parse_InvalidText_ReportsLineAndColumn(string text, int line, int column, string reason)
    {
        var error = Assert.Throws<HclParseException>(() => HclParser.Parse(text));

        Assert.Equal(reason, error.Reason);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Equal($"At {line}:{column}: {reason}", error.Message);
    }

    [Fact]
    public void Parse_ErrorAfterStringToken_DoesNotEchoTheString()
    {
        var error = Assert.Throws<HclParseException>(() => HclParser.Parse("a = [\"s3cr3t\" \"other\"]"));

        Assert.DoesNotContain("s3cr3t", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("other", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EmptyDocument_GivesEmptyBody()
    {
        Assert.Empty(HclParser.Parse("  # only a comment\n").Items);
    }
}
