using Coffer.Cli.Flags;

namespace Coffer.Cli.Tests.Flags;

public sealed class FlagSetTests
{
    private sealed class Fixture
    {
        public Fixture()
        {
            var s = Set.Section("Options");
            Name = s.String("name", "default", "a name", "n");
            Force = s.Bool("force", false, "force", "f");
            Renewable = s.Bool("renewable", true, "renewable");
            Count = s.Int("count", 5, "count");
            Ttl = s.Duration("ttl", TimeSpan.Zero, "ttl");
            Policies = s.StringList("policy", "policy");
            Metadata = s.KeyValues("metadata", "metadata");
        }

        public FlagSet Set { get; } = new();
        public StringFlag Name { get; }
        public BoolFlag Force { get; }
        public BoolFlag Renewable { get; }
        public IntFlag Count { get; }
        public DurationFlag Ttl { get; }
        public StringListFlag Policies { get; }
        public KeyValueFlag Metadata { get; }
    }

    [Theory]
    [InlineData("-name=alpha")]
    [InlineData("-name", "alpha")]
    [InlineData("--name=alpha")]
    [InlineData("--name", "alpha")]
    [InlineData("-n=alpha")]
    [InlineData("-n", "alpha")]
    public void Parse_StringFlagInAnyForm_SetsValue(params string[] args)
    {
        var f = new Fixture();

        var rest = f.Set.Parse(args);

        Assert.Equal("alpha", f.Name.Value);
        Assert.True(f.Name.IsSet);
        Assert.Empty(rest);
    }

    [Fact]
    public void Parse_NoFlags_KeepsDefaultsAndNothingIsSet()
    {
        var f = new Fixture();

        f.Set.Parse(["path"]);

        Assert.Equal("default", f.Name.Value);
        Assert.False(f.Name.IsSet);
        Assert.True(f.Renewable.Value);
        Assert.Equal(5, f.Count.Value);
    }

    [Theory]
    [InlineData("-f", true)]
    [InlineData("--force", true)]
    [InlineData("-force=true", true)]
    [InlineData("-force=false", false)]
    [InlineData("-f=1", true)]
    [InlineData("-f=0", false)]
    [InlineData("-f=T", true)]
    [InlineData("-f=FALSE", false)]
    public void Parse_BoolFlag_AcceptsGoSpellings(string arg, bool expected)
    {
        var f = new Fixture();

        f.Set.Parse([arg]);

        Assert.Equal(expected, f.Force.Value);
    }

    [Fact]
    public void Parse_BareBoolFlag_DoesNotConsumeTheNextArgument()
    {
        var f = new Fixture();

        var rest = f.Set.Parse(["-renewable", "false"]);

        Assert.True(f.Renewable.Value);
        Assert.Equal(["false"], rest);
    }

    [Fact]
    public void Parse_BoolDefaultTrue_CanBeTurnedOff()
    {
        var f = new Fixture();

        f.Set.Parse(["-renewable=false"]);

        Assert.False(f.Renewable.Value);
    }

    [Fact]
    public void Parse_StopsAtFirstPositionalArgument()
    {
        var f = new Fixture();

        var rest = f.Set.Parse(["-force", "secret/foo", "-name=late", "k=v"]);

        Assert.True(f.Force.Value);
        Assert.Equal("default", f.Name.Value);
        Assert.Equal(["secret/foo", "-name=late", "k=v"], rest);
    }

    [Fact]
    public void Parse_DoubleDash_EndsFlagsAndIsDropped()
    {
        var f = new Fixture();

        var rest = f.Set.Parse(["-force", "--", "-name=value"]);

        Assert.Equal(["-name=value"], rest);
        Assert.Equal("default", f.Name.Value);
    }

    [Fact]
    public void Parse_LoneDash_IsPositional()
    {
        var f = new Fixture();

        var rest = f.Set.Parse(["-force", "-", "x"]);

        Assert.Equal(["-", "x"], rest);
    }

    [Fact]
    public void Parse_ValueFlagTakesNextArgumentEvenWhenItStartsWithDash()
    {
        var f = new Fixture();

        f.Set.Parse(["-name", "-odd"]);

        Assert.Equal("-odd", f.Name.Value);
    }

    [Fact]
    public void Parse_RepeatedListFlag_CollectsEveryValue()
    {
        var f = new Fixture();

        f.Set.Parse(["-policy", "a", "-policy=b", "--policy", " c "]);

        Assert.Equal(["a", "b", "c"], f.Policies.Values);
    }

    [Fact]
    public void Parse_RepeatedKeyValueFlag_CollectsPairsAndKeepsEqualsInValues()
    {
        var f = new Fixture();

        f.Set.Parse(["-metadata", "team=ops", "-metadata=query=a=b"]);

        Assert.Equal("ops", f.Metadata.Values["team"]);
        Assert.Equal("a=b", f.Metadata.Values["query"]);
    }

    [Theory]
    [InlineData("-ttl=8h", 8 * 3600)]
    [InlineData("-ttl=90", 90)]
    [InlineData("-ttl=1h30m", 5400)]
    public void Parse_DurationFlag_AcceptsGoDurationsAndBareSeconds(string arg, int seconds)
    {
        var f = new Fixture();

        f.Set.Parse([arg]);

        Assert.Equal(TimeSpan.FromSeconds(seconds), f.Ttl.Value);
    }

    [Theory]
    [InlineData(new[] { "-unknown" }, "flag provided but not defined: -unknown")]
    [InlineData(new[] { "--unknown=1" }, "flag provided but not defined: -unknown")]
    [InlineData(new[] { "-name" }, "flag needs an argument: -name")]
    [InlineData(new[] { "-force=maybe" }, "invalid boolean value \"maybe\" for -force: parse error")]
    [InlineData(new[] { "-count=many" }, "invalid value \"many\" for flag -count: parse error")]
    [InlineData(new[] { "-ttl=5x" }, "invalid value \"5x\" for flag -ttl: time: unknown unit \"x\" in duration \"5x\"")]
    [InlineData(new[] { "-metadata=novalue" }, "invalid value \"novalue\" for flag -metadata: missing = in KV pair: \"novalue\"")]
    [InlineData(new[] { "---name" }, "bad flag syntax: ---name")]
    [InlineData(new[] { "-=x" }, "bad flag syntax: -=x")]
    public void Parse_InvalidInput_ThrowsGoFlagMessage(string[] args, string message)
    {
        var f = new Fixture();

        var ex = Assert.Throws<FlagParseException>(() => f.Set.Parse(args));

        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void Help_ListsSectionsAndFlagsSortedWithTypeHints()
    {
        var f = new Fixture();

        var help = f.Set.Help();

        Assert.StartsWith("Options:\n\n  -count=<int>\n      count\n", help, StringComparison.Ordinal);
        Assert.Contains("\n  -force, -f\n      force\n", help, StringComparison.Ordinal);
        Assert.Contains("\n  -ttl=<duration>\n", help, StringComparison.Ordinal);
    }
}
