using CsCheck;
using Coffer.Cli.Input;

namespace Coffer.Cli.Tests.Input;

public sealed class KeyValueArgsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("coffer-kv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Parse_KeyEqualsValue_GivesStrings()
    {
        var data = KeyValueArgs.Parse(["allowed_policies=dr-secondary-promotion", "orphan=true", "empty=", "eq=a=b"], TextReader.Null);

        Assert.Equal("""{"allowed_policies":"dr-secondary-promotion","orphan":"true","empty":"","eq":"a=b"}""", data.ToJsonString());
    }

    [Fact]
    public void Parse_ValueFromFile_ReadsFileContent()
    {
        var file = Path.Combine(_dir, "policy.hcl");
        File.WriteAllText(file, "path \"x\" {}\n");

        var data = KeyValueArgs.Parse(["policy=@" + file], TextReader.Null);

        Assert.Equal("path \"x\" {}\n", data["policy"]!.GetValue<string>());
    }

    [Fact]
    public void Parse_EscapedAt_KeepsLiteralAt()
    {
        var data = KeyValueArgs.Parse(["name=\\@handle"], TextReader.Null);

        Assert.Equal("@handle", data["name"]!.GetValue<string>());
    }

    [Fact]
    public void Parse_ValueDash_ReadsStandardInput()
    {
        var data = KeyValueArgs.Parse(["value=-"], new StringReader("from stdin\n"));

        Assert.Equal("from stdin\n", data["value"]!.GetValue<string>());
    }

    [Fact]
    public void Parse_LoneDash_MergesJsonObjectFromStandardInput()
    {
        var data = KeyValueArgs.Parse(["-", "extra=1"], new StringReader("""{"ttl":"1h","num":3,"list":["a"]}"""));

        Assert.Equal("""{"ttl":"1h","num":3,"list":["a"],"extra":"1"}""", data.ToJsonString());
    }

    [Fact]
    public void Parse_AtJsonFile_MergesObject()
    {
        var file = Path.Combine(_dir, "data.json");
        File.WriteAllText(file, """{"a":{"nested":true}}""");

        var data = KeyValueArgs.Parse(["@" + file], TextReader.Null);

        Assert.True(data["a"]!["nested"]!.GetValue<bool>());
    }

    [Fact]
    public void Parse_AtKeyWithEquals_IsAKeyNamedWithAt()
    {
        var data = KeyValueArgs.Parse(["@key=value"], TextReader.Null);

        Assert.Equal("value", data["@key"]!.GetValue<string>());
    }

    [Fact]
    public void Parse_RepeatedKey_CollectsList()
    {
        var data = KeyValueArgs.Parse(["p=a", "p=b", "p=c"], TextReader.Null);

        Assert.Equal("""["a","b","c"]""", data["p"]!.ToJsonString());
    }

    [Fact]
    public void Parse_StandardInputTwice_Fails()
    {
        var ex = Assert.Throws<FormatException>(() => KeyValueArgs.Parse(["a=-", "b=-"], new StringReader("x")));

        Assert.Equal("Invalid key/value pair 'b=-': stdin already consumed", ex.Message);
    }

    [Fact]
    public void Parse_NoEquals_Fails()
    {
        var ex = Assert.Throws<FormatException>(() => KeyValueArgs.Parse(["novalue"], TextReader.Null));

        Assert.Equal("Invalid key/value pair 'novalue': format must be key=value", ex.Message);
    }

    [Fact]
    public void Parse_MissingFile_FailsNamingTheArgument()
    {
        var ex = Assert.Throws<FormatException>(() => KeyValueArgs.Parse(["k=@" + Path.Combine(_dir, "none")], TextReader.Null));

        Assert.StartsWith("Invalid key/value pair 'k=@", ex.Message, StringComparison.Ordinal);
        Assert.Contains("error reading file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseQuery_ExpandsListsAndStringifiesValues()
    {
        var query = KeyValueArgs.ParseQuery(["-", "v=1", "v=2"], new StringReader("""{"b":true,"n":7}"""));

        Assert.Equal(
            [KeyValuePair.Create("b", "1"), KeyValuePair.Create("n", "7"), KeyValuePair.Create("v", "1"), KeyValuePair.Create("v", "2")],
            query);
    }

    [Fact]
    public void ParseQuery_ObjectValue_Fails()
    {
        Assert.Throws<FormatException>(() => KeyValueArgs.ParseQuery(["-"], new StringReader("""{"o":{}}""")));
    }

    [Fact]
    public void Parse_Property_PlainPairsRoundTrip()
    {
        Gen.Select(Gen.String["abcxyz_"].Where(k => k.Length > 0 && !k.StartsWith('@')), Gen.String["abc =@-"])
            .Array[1, 10]
            .Sample(pairs =>
            {
                var plain = pairs.Where(p => !p.Item2.StartsWith('@') && p.Item2 != "-").DistinctBy(p => p.Item1).ToArray();
                var data = KeyValueArgs.Parse(plain.Select(p => p.Item1 + "=" + p.Item2), TextReader.Null);
                Assert.Equal(plain.Length, data.Count);
                foreach (var (key, value) in plain)
                {
                    Assert.Equal(value, data[key]!.GetValue<string>());
                }
            });
    }
}
