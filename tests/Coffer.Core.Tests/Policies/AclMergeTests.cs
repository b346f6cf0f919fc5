using System.Text.Json.Nodes;
using Coffer.Core.Policies;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Tests.Policies;

/// <summary>Spec 4.11.6 and 4.4: repeated blocks for one pattern merge on compile.</summary>
public sealed class AclMergeTests
{
    private static readonly Acl Merged = VectorPolicies.Compile(VectorPolicies.Merging);

    public static TheoryData<string, string, string, string, int, int> MergeCases => new()
    {
        // path, allowed, denied, required, min seconds, max seconds
        { "foo/bar", "", "baz=[],zip=[]", "baz", 0, 0 },
        { "hello/universe", "bar=[],foo=[]", "", "foo,bar", 50, 200 },
        { "allow/all", "*=[],test=[],test1=[\"foo\"]", "", "", 0, 0 },
        { "allow/all1", "*=[],test=[],test1=[\"foo\"]", "", "", 0, 0 },
        { "deny/all", "", "*=[],test=[]", "", 0, 0 },
        { "deny/all1", "", "*=[],test=[]", "", 0, 0 },
        { "value/merge", "test=[3,4,1,2]", "test=[3,4,1,2]", "", 0, 0 },
        { "value/empty", "empty=[]", "empty=[]", "", 0, 0 },
    };

    [Theory]
    [MemberData(nameof(MergeCases))]
    public void Compile_RepeatedBlocks_MergeLikeVault(string path, string allowed, string denied, string required, int minSeconds, int maxSeconds)
    {
        var rule = Merged.ExactRule(path);

        Assert.NotNull(rule);
        Assert.Equal(allowed, Describe(rule.Allowed));
        Assert.Equal(denied, Describe(rule.Denied));
        Assert.Equal(required, string.Join(',', rule.Required));
        Assert.Equal(TimeSpan.FromSeconds(minSeconds), rule.MinWrappingTtl);
        Assert.Equal(TimeSpan.FromSeconds(maxSeconds), rule.MaxWrappingTtl);
    }

    [Fact]
    public void Compile_SamePatternInTwoPolicies_OrsCapabilities()
    {
        var acl = VectorPolicies.Compile("path \"a\" { capabilities = [\"read\"] }", "path \"a\" { capabilities = [\"update\"] }");

        Assert.Equal(["read", "update"], acl.Capabilities("a"));
    }

    [Fact]
    public void Compile_DenyInAnyPolicy_WinsAtThatPatternOnly()
    {
        var acl = VectorPolicies.Compile(
            "path \"a/*\" { capabilities = [\"read\"] }\npath \"a/b\" { capabilities = [\"read\"] }",
            "path \"a/*\" { capabilities = [\"deny\"] }");

        Assert.False(acl.Evaluate(Operation.Read, "a/c", null, null).Allowed);
        Assert.True(acl.Evaluate(Operation.Read, "a/b", null, null).Allowed);
    }

    [Fact]
    public void Compile_DenyThenGrant_StaysDeny()
    {
        var acl = VectorPolicies.Compile("path \"a\" { capabilities = [\"deny\"] }", "path \"a\" { capabilities = [\"read\"] }");

        Assert.Equal(["deny"], acl.Capabilities("a"));
    }

    [Fact]
    public void Compile_GrantWithParametersThenDeny_ClearsParameters()
    {
        var acl = VectorPolicies.Compile(
            "path \"a\" { capabilities = [\"read\"]\n allowed_parameters = { \"x\" = [] } }",
            "path \"a\" { capabilities = [\"deny\"] }");

        var rule = acl.ExactRule("a")!;
        Assert.Equal(Capability.Deny, rule.Capabilities);
        Assert.Empty(rule.Allowed);
    }

    [Fact]
    public void Compile_SameSegmentPatternTwice_Merges()
    {
        var acl = VectorPolicies.Compile("path \"a/+\" { capabilities = [\"read\"] }", "path \"a/+\" { capabilities = [\"list\"] }");

        Assert.Equal(["read", "list"], acl.Capabilities("a/x"));
    }

    private static string Describe(Dictionary<string, List<JsonNode?>> parameters) =>
        string.Join(',', parameters.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => p.Key + "=" + new JsonArray(p.Value.Select(v => v?.DeepClone()).ToArray()).ToJsonString()));
}
