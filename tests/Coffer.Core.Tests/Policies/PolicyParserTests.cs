using System.Text;
using System.Text.Json.Nodes;
using Coffer.Core.Policies;

namespace Coffer.Core.Tests.Policies;

public sealed class PolicyParserTests
{
    [Fact]
    public void Parse_StarDeny_IsPrefixRuleWithEmptyPathDenyOnly()
    {
        var policy = PolicyParser.Parse("p", "path \"*\" {\n  policy = \"deny\"\n}");

        var rule = Assert.Single(policy.Paths);
        Assert.Equal(string.Empty, rule.Path);
        Assert.Equal(PathRuleKind.Prefix, rule.Kind);
        Assert.Equal(Capability.Deny, rule.Capabilities);
        Assert.Equal("*", rule.Pattern);
    }

    [Fact]
    public void Parse_LeadingSlashAndMixedTtlForms_AreNormalised()
    {
        var policy = PolicyParser.Parse("p", """
            path "/foo/bar" {
              policy = "read"
              min_wrapping_ttl = 300
              max_wrapping_ttl = "1h"
            }
            """);

        var rule = Assert.Single(policy.Paths);
        Assert.Equal("foo/bar", rule.Path);
        Assert.Equal(PathRuleKind.Exact, rule.Kind);
        Assert.Equal(Capability.Read | Capability.List, rule.Capabilities);
        Assert.Equal(TimeSpan.FromSeconds(300), rule.MinWrappingTtl);
        Assert.Equal(TimeSpan.FromHours(1), rule.MaxWrappingTtl);
    }

    [Fact]
    public void Parse_RepeatedPathBlocks_StaySeparate()
    {
        var policy = PolicyParser.Parse("p", VectorPolicies.Merging);

        Assert.Equal(2, policy.Paths.Count(p => p.Path == "foo/bar"));
        Assert.Equal(16, policy.Paths.Count);
    }

    [Fact]
    public void Parse_TypedParameterValues_SurviveUnchanged()
    {
        var policy = PolicyParser.Parse("p", VectorPolicies.ValuePermissions);

        var types = policy.Paths.Single(p => p.Path == "test/types").AllowedParameters;
        Assert.Equal("[{\"good\":\"one\"}]", Json(types["map"]));
        Assert.Equal("[1,2]", Json(types["int"]));
        Assert.Equal("[false]", Json(types["bool"]));
    }

    [Fact]
    public void Parse_ParameterNames_AreLowercased()
    {
        var policy = PolicyParser.Parse("p", VectorPolicies.ValuePermissions);

        var rule = policy.Paths.Single(p => p.Path == "foo/baz");
        Assert.Equal(["allow"], rule.AllowedParameters.Keys);
        Assert.Equal(["deny"], rule.DeniedParameters.Keys);
    }

    [Theory]
    [InlineData("deny", Capability.Deny)]
    [InlineData("read", Capability.Read | Capability.List)]
    [InlineData("write", Capability.Create | Capability.Read | Capability.Update | Capability.Delete | Capability.List)]
    [InlineData("sudo", Capability.Create | Capability.Read | Capability.Update | Capability.Delete | Capability.List | Capability.Sudo)]
    public void Parse_LegacyPolicyWord_MapsToCapabilities(string word, Capability expected)
    {
        var policy = PolicyParser.Parse("p", $"path \"a\" {{ policy = \"{word}\" }}");

        Assert.Equal(expected, policy.Paths[0].Capabilities);
    }

    [Fact]
    public void Parse_LegacyWordAndCapabilities_AreCombined()
    {
        var policy = PolicyParser.Parse("p", "path \"a\" { policy = \"read\"\n capabilities = [\"update\", \"sudo\"] }");

        Assert.Equal(Capability.Read | Capability.List | Capability.Update | Capability.Sudo, policy.Paths[0].Capabilities);
    }

    [Fact]
    public void Parse_DenyAmongCapabilities_ClearsEverythingElse()
    {
        var policy = PolicyParser.Parse("p", """
            path "a" {
              capabilities = ["read", "deny", "update"]
              allowed_parameters = { "x" = [] }
              required_parameters = ["x"]
              max_wrapping_ttl = 100
            }
            """);

        var rule = policy.Paths[0];
        Assert.Equal(Capability.Deny, rule.Capabilities);
        Assert.Empty(rule.AllowedParameters);
        Assert.Empty(rule.RequiredParameters);
        Assert.Equal(TimeSpan.Zero, rule.MaxWrappingTtl);
    }

    [Theory]
    [InlineData("test/+/segment", PathRuleKind.SegmentWildcard, "test/+/segment")]
    [InlineData("+", PathRuleKind.SegmentWildcard, "+")]
    [InlineData("+/x", PathRuleKind.SegmentWildcard, "+/x")]
    [InlineData("a/+/b*", PathRuleKind.SegmentWildcard, "a/+/b*")]
    [InlineData("secret/zip-*", PathRuleKind.Prefix, "secret/zip-")]
    [InlineData("a*b", PathRuleKind.Exact, "a*b")]
    [InlineData("a+b/c", PathRuleKind.Exact, "a+b/c")]
    [InlineData("a+/*", PathRuleKind.Prefix, "a+/")]
    public void Parse_PathForms_AreClassified(string pattern, PathRuleKind kind, string path)
    {
        var rule = PolicyParser.Parse("p", $"path \"{pattern}\" {{ capabilities = [\"read\"] }}").Paths[0];

        Assert.Equal(kind, rule.Kind);
        Assert.Equal(path, rule.Path);
    }

    [Fact]
    public void Parse_AllCapabilityWords_AreAccepted()
    {
        var rule = PolicyParser.Parse("p", """
            path "a" { capabilities = ["create", "read", "update", "patch", "delete", "list", "sudo", "subscribe", "recover"] }
            """).Paths[0];

        Assert.Equal(
            Capability.Create | Capability.Read | Capability.Update | Capability.Patch | Capability.Delete | Capability.List
                | Capability.Sudo | Capability.Subscribe | Capability.Recover,
            rule.Capabilities);
    }

    [Fact]
    public void Parse_JsonForm_GivesTheSameRules()
    {
        var json = PolicyParser.Parse("p", """
            {"path": {"secret/*": {"capabilities": ["read", "list"]},
                      "secret/restricted": {"capabilities": ["create"],
                        "allowed_parameters": {"foo": [], "bar": ["zip", "zap"]}}}}
            """);
        var hcl = PolicyParser.Parse("p", """
            path "secret/*" { capabilities = ["read", "list"] }
            path "secret/restricted" {
              capabilities = ["create"]
              allowed_parameters = { "foo" = [], "bar" = ["zip", "zap"] }
            }
            """);

        Assert.Equal(Describe(hcl), Describe(json));
        Assert.Equal(2, json.Paths.Count);
    }

    [Fact]
    public void Parse_JsonWithDurationsAndNumbers_Works()
    {
        var policy = PolicyParser.Parse("p", """{"path": {"a": {"policy": "write", "max_wrapping_ttl": 90, "min_wrapping_ttl": "30s", "allowed_parameters": {"n": [1, 2.5]}}}}""");

        var rule = policy.Paths[0];
        Assert.Equal(TimeSpan.FromSeconds(90), rule.MaxWrappingTtl);
        Assert.Equal(TimeSpan.FromSeconds(30), rule.MinWrappingTtl);
        Assert.Equal("[1,2.5]", Json(rule.AllowedParameters["n"]));
    }

    [Fact]
    public void Parse_Base64OfHcl_IsDecodedFirst()
    {
        const string text = "path \"secret/*\" { capabilities = [\"read\"] }";
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

        var policy = PolicyParser.Parse("p", encoded);

        Assert.Equal(text, policy.Raw);
        Assert.Equal("secret/", policy.Paths[0].Path);
    }

    [Fact]
    public void Parse_Base64OfJson_IsDecodedFirst()
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"path":{"a":{"capabilities":["read"]}}}"""));

        var policy = PolicyParser.Parse("p", encoded + "\n");

        Assert.Equal(Capability.Read, policy.Paths[0].Capabilities);
    }

    [Fact]
    public void Parse_PlainHcl_IsKeptAsRaw()
    {
        const string text = "path \"a\" { capabilities = [\"read\"] }\n";

        Assert.Equal(text, PolicyParser.Parse("p", text).Raw);
    }

    [Fact]
    public void Parse_EmptyText_GivesPolicyWithoutRules()
    {
        Assert.Empty(PolicyParser.Parse("p", "# nothing yet\n").Paths);
    }

    [Fact]
    public void Parse_NameAttribute_IsIgnoredInFavourOfTheGivenName()
    {
        Assert.Equal("given", PolicyParser.Parse("given", "name = \"other\"").Name);
    }

    [Fact]
    public void Parse_PathsAsHclObjectAttribute_AreRead()
    {
        var policy = PolicyParser.Parse("p", "path = { \"a\" = { policy = \"read\" }, \"b\" = { policy = \"deny\" } }");

        Assert.Equal(["a", "b"], policy.Paths.Select(p => p.Path));
    }

    [Fact]
    public void Parse_ParametersWrittenAsBlock_AreRead()
    {
        var policy = PolicyParser.Parse("p", "path \"a\" {\n policy = \"write\"\n allowed_parameters {\n  \"x\" = [\"y\"]\n }\n}");

        Assert.Equal("[\"y\"]", Json(policy.Paths[0].AllowedParameters["x"]));
    }

    [Fact]
    public void Parse_TemplatedPath_IsMarkedTemplated()
    {
        Assert.True(BuiltinPolicies.Default.IsTemplated);
        Assert.False(PolicyParser.Parse("p", "path \"a\" { policy = \"read\" }").IsTemplated);
    }

    public static TheoryData<string, string> ErrorVectors => new()
    {
        { "name = \"test\"\nbad = \"foo\"\nnope = \"yes\"", "invalid key \"bad\" on line 2" },
        { "name = \"test\"\nbad = \"foo\"\nnope = \"yes\"", "invalid key \"nope\" on line 3" },
        { "path \"/\" {\n  capabilities = [\"read\"]\n  capabilites  = [\"read\"]\n}", "invalid key \"capabilites\" on line 3" },
        { "path \"/\" {\n  policy = \"banana\"\n}", "path \"/\": invalid policy \"banana\"" },
        { "path \"/\" {\n  policy = \"read\"\n  min_wrapping_ttl = 400\n  max_wrapping_ttl = 200\n}", "max_wrapping_ttl cannot be less than min_wrapping_ttl" },
        { "path \"/\" {\n  capabilities = [\"read\", \"banana\"]\n}", "path \"/\": invalid capability \"banana\"" },
        { "path \"foo/+*\" {\n  capabilities = [\"read\"]\n}", "path \"foo/+*\": invalid use of wildcards ('+*' is forbidden)" },
        { "name{}", "failed to parse policy: " },
        { "path \"a\" {", "failed to parse policy: At 1:11: " },
        { "path \"a\" { capabilities = 3 }", "path \"a\": \"capabilities\" must be a list of strings, found a number on line 1" },
        { "path \"a\" { policy = \"write\"\n max_wrapping_ttl = \"soon\" }", "error parsing max_wrapping_ttl: time: invalid duration \"soon\"" },
        { "path \"a\" { policy = \"write\"\n allowed_parameters = { \"a*b\" = [] } }", "path \"a\": allowed_parameters: parameter key \"a*b\" cannot contain non-tail wildcards" },
        { "path \"a\" { policy = \"write\"\n required_parameters = [\"x*\"] }", "path \"a\": required_parameters: parameter key \"x*\": wildcard is not permitted here" },
        { "path = \"a\"", "\"path\" must be a block (or an object), found a string" },
    };

    [Theory]
    [MemberData(nameof(ErrorVectors))]
    public void Parse_InvalidPolicy_ReportsVaultsError(string text, string expected)
    {
        var error = Assert.Throws<PolicyParseException>(() => PolicyParser.Parse("p", text));

        Assert.StartsWith("failed to parse policy: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralInvalidKeys_ListsThemAsGoMultiError()
    {
        var error = Assert.Throws<PolicyParseException>(() => PolicyParser.Parse("p", "name = \"test\"\nbad = \"foo\"\nnope = \"yes\""));

        Assert.Equal(
            "failed to parse policy: 2 errors occurred:\n\t* invalid key \"bad\" on line 2\n\t* invalid key \"nope\" on line 3\n\n",
            error.Message);
    }

    [Fact]
    public void Parse_InvalidKeyInPath_IsPrefixedWithThePath()
    {
        var error = Assert.Throws<PolicyParseException>(() => PolicyParser.Parse("p", "path \"/\" {\n  capabilities = [\"read\"]\n  capabilites = [\"read\"]\n}"));

        Assert.Equal("1 error occurred:\n\t* path \"/\": invalid key \"capabilites\" on line 3\n\n", error.Detail);
    }

    [Fact]
    public void Parse_DenyBlockWithBadTtlOrder_IsAcceptedBecauseDenyIgnoresTheRest()
    {
        var policy = PolicyParser.Parse("p", "path \"a\" { policy = \"deny\"\n min_wrapping_ttl = 400\n max_wrapping_ttl = 200 }");

        Assert.Equal(Capability.Deny, policy.Paths[0].Capabilities);
    }

    private static string Json(IReadOnlyList<JsonNode?> values) => new JsonArray(values.Select(v => v?.DeepClone()).ToArray()).ToJsonString();

    private static string Describe(Policy policy) => string.Join('\n', policy.Paths.Select(p =>
        $"{p.Path}|{p.Kind}|{p.Capabilities}|" +
        string.Join(',', p.AllowedParameters.Select(kv => kv.Key + "=" + Json(kv.Value))) + "|" +
        string.Join(',', p.DeniedParameters.Select(kv => kv.Key + "=" + Json(kv.Value)))));
}
