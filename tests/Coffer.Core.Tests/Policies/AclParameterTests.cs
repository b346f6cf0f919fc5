using System.Text.Json.Nodes;
using Coffer.Core.Policies;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Tests.Policies;

/// <summary>Spec 4.11.3 (parameters and wrapping) and 4.11.4 (parameter values); each checked with update and create.</summary>
public sealed class AclParameterTests
{
    private static readonly Acl PermissionsAcl = VectorPolicies.Compile(VectorPolicies.Permissions);
    private static readonly Acl ValuesAcl = VectorPolicies.Compile(VectorPolicies.ValuePermissions);

    public static TheoryData<string, string[], int?, bool> PermissionCases => new()
    {
        { "dev/ops", ["zip"], null, true },
        { "foo/bar", ["zap"], null, false },
        { "foo/bar", ["zip"], null, false },
        { "foo/bar", ["zip"], 50, false },
        { "foo/bar", ["zip"], 450, false },
        { "foo/bar", ["zip"], 350, true },
        { "foo/baz", ["hello"], null, false },
        { "foo/baz", ["hello"], 50, false },
        { "foo/baz", ["hello"], 450, true },
        { "foo/baz", ["zap"], null, false },
        { "broken/phone", ["steve"], null, false },
        { "working/phone", [""], null, false },
        { "working/phone", [""], 450, false },
        { "working/phone", [""], 350, true },
        { "hello/world", ["one"], null, false },
        { "tree/fort", ["one"], null, true },
        { "tree/fort", ["foo"], null, false },
        { "fruit/apple", ["pear"], null, false },
        { "fruit/apple", ["one"], null, false },
        { "cold/weather", ["four"], null, true },
        { "var/aws", ["cold", "warm", "kitty"], null, false },
        { "var/req", ["cold", "warm", "kitty"], null, false },
        { "var/req", ["cold", "warm", "kitty", "foo"], null, true },
    };

    [Theory]
    [MemberData(nameof(PermissionCases))]
    public void Evaluate_PermissionsPolicy_MatchesVaultVectors(string path, string[] parameters, int? wrapSeconds, bool allowed)
    {
        var data = new JsonObject();
        foreach (var parameter in parameters)
        {
            data[parameter] = string.Empty;
        }

        TimeSpan? wrapTtl = wrapSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
        foreach (var operation in new[] { Operation.Update, Operation.Create })
        {
            Assert.Equal(allowed, PermissionsAcl.Evaluate(operation, path, data, wrapTtl).Allowed);
        }
    }

    public static TheoryData<string, string, bool> ValueCases => new()
    {
        { "dev/ops", """{"allow": "good"}""", true },
        { "dev/ops", """{"allow": "bad"}""", false },
        { "foo/bar", """{"deny": "bad"}""", false },
        { "foo/bar", """{"deny": "bad glob"}""", false },
        { "foo/bar", """{"deny": "good"}""", true },
        { "foo/bar", """{"allow": "good"}""", true },
        { "foo/bar", """{"deny": null}""", true },
        { "foo/bar", """{"allow": null}""", true },
        { "foo/baz", """{"aLLow": "good"}""", true },
        { "foo/baz", """{"deny": "bad"}""", false },
        { "foo/baz", """{"deny": "good"}""", false },
        { "foo/baz", """{"allow": "good", "deny": "bad"}""", false },
        { "foo/baz", """{"deny": "good", "allow": "bad"}""", false },
        { "foo/baz", """{"deNy": "bad", "allow": "good"}""", false },
        { "foo/baz", """{"aLLow": "bad"}""", false },
        { "foo/baz", """{"Neither": "bad"}""", false },
        { "foo/baz", """{"allow": null}""", false },
        { "fizz/buzz", """{"allow_multi": "good"}""", true },
        { "fizz/buzz", """{"allow_multi": "good1"}""", true },
        { "fizz/buzz", """{"allow_multi": "good2"}""", true },
        { "fizz/buzz", """{"allow_multi": "glob good2"}""", false },
        { "fizz/buzz", """{"allow_multi": "glob good3"}""", true },
        { "fizz/buzz", """{"allow_multi": "bad"}""", false },
        { "fizz/buzz", """{"allow_multi": "good1", "allow": "good"}""", true },
        { "fizz/buzz", """{"deny_multi": "bad2"}""", false },
        { "fizz/buzz", """{"deny_multi": "good", "allow_multi": "good2"}""", false },
        { "test/types", """{"map": {"good": "one"}}""", true },
        { "test/types", """{"map": {"bad": "one"}}""", false },
        { "test/types", """{"int": 1}""", true },
        { "test/types", """{"int": 3}""", false },
        { "test/types", """{"bool": false}""", true },
        { "test/types", """{"bool": true}""", false },
        { "test/star", """{"anything": true}""", true },
        { "test/star", """{"foo": true}""", true },
        { "test/star", """{"bar": false}""", true },
        { "test/star", """{"bar": true}""", false },
    };

    [Theory]
    [MemberData(nameof(ValueCases))]
    public void Evaluate_ValuePermissionsPolicy_MatchesVaultVectors(string path, string dataJson, bool allowed)
    {
        foreach (var operation in new[] { Operation.Update, Operation.Create })
        {
            Assert.Equal(allowed, ValuesAcl.Evaluate(operation, path, VectorPolicies.Data(dataJson), null).Allowed);
        }
    }

    [Fact]
    public void Evaluate_TypedValuesBuiltInCode_CompareLikeParsedJson()
    {
        Assert.True(ValuesAcl.Evaluate(Operation.Update, "test/types", new JsonObject { ["int"] = 2 }, null).Allowed);
        Assert.True(ValuesAcl.Evaluate(Operation.Update, "test/types", new JsonObject { ["int"] = 2.0 }, null).Allowed);
        Assert.False(ValuesAcl.Evaluate(Operation.Update, "test/types", new JsonObject { ["int"] = "2" }, null).Allowed);
        Assert.True(ValuesAcl.Evaluate(Operation.Update, "test/types", new JsonObject { ["map"] = new JsonObject { ["good"] = "one" } }, null).Allowed);
    }

    [Theory]
    [InlineData("""{"allow_multi": ["good", "good1", "xgood3"]}""", true)]
    [InlineData("""{"allow_multi": ["good", "bad"]}""", false)]
    [InlineData("""{"allow_multi": "good, good2,good1"}""", true)]
    [InlineData("""{"allow_multi": "good,bad"}""", false)]
    public void Evaluate_AllowedListAndCommaStringValues_NeedEveryElementAllowed(string dataJson, bool allowed)
    {
        Assert.Equal(allowed, ValuesAcl.Evaluate(Operation.Update, "fizz/buzz", VectorPolicies.Data(dataJson), null).Allowed);
    }

    [Theory]
    [InlineData("""{"deny_multi": ["fine", "bad1"]}""", false)]
    [InlineData("""{"deny_multi": "fine, bad1"}""", false)]
    [InlineData("""{"deny_multi": ["fine", "okay"]}""", true)]
    [InlineData("""{"deny_multi": "fine,okay"}""", true)]
    [InlineData("""{"deny_multi": ""}""", true)]
    public void Evaluate_DeniedListAndCommaStringValues_DenyOnAnyElement(string dataJson, bool allowed)
    {
        var acl = VectorPolicies.Compile("path \"d\" { policy = \"write\"\n denied_parameters = { \"deny_multi\" = [\"bad\", \"bad1\"] } }");

        Assert.Equal(allowed, acl.Evaluate(Operation.Update, "d", VectorPolicies.Data(dataJson), null).Allowed);
    }

    [Theory]
    [InlineData(Operation.Read, false)]
    [InlineData(Operation.Patch, false)]
    [InlineData(Operation.Delete, true)]
    [InlineData(Operation.List, true)]
    public void Evaluate_ParameterChecks_ApplyToReadUpdateCreatePatchOnly(Operation operation, bool allowed)
    {
        var acl = VectorPolicies.Compile("path \"a/*\" { capabilities = [\"read\", \"patch\", \"delete\", \"list\"]\n denied_parameters = { \"x\" = [] } }");

        Assert.Equal(allowed, acl.Evaluate(operation, "a/b", VectorPolicies.Data("""{"x": 1}"""), null).Allowed);
    }

    [Fact]
    public void Evaluate_RequiredParameterWithoutData_IsDenied()
    {
        Assert.False(PermissionsAcl.Evaluate(Operation.Update, "var/req", null, null).Allowed);
        Assert.True(PermissionsAcl.Evaluate(Operation.Update, "var/req", VectorPolicies.Data("""{"foo": 1}"""), null).Allowed);
    }

    [Fact]
    public void Evaluate_MaxWrappingTtl_AppliesToEveryOperation()
    {
        Assert.False(PermissionsAcl.Evaluate(Operation.Read, "working/phone", null, null).Allowed);
        Assert.True(PermissionsAcl.Evaluate(Operation.Read, "working/phone", null, TimeSpan.FromSeconds(400)).Allowed);
        Assert.False(PermissionsAcl.Evaluate(Operation.Delete, "working/phone", null, TimeSpan.FromSeconds(401)).Allowed);
    }

    [Fact]
    public void Evaluate_MinWrappingTtlOfOneSecond_MakesWrappingMandatory()
    {
        var acl = VectorPolicies.Compile("path \"a\" { policy = \"read\"\n min_wrapping_ttl = \"1s\" }");

        Assert.False(acl.Evaluate(Operation.Read, "a", null, null).Allowed);
        Assert.True(acl.Evaluate(Operation.Read, "a", null, TimeSpan.FromMinutes(5)).Allowed);
    }

    [Fact]
    public void Evaluate_MergedMaxBelowMin_IsDenied()
    {
        var acl = VectorPolicies.Compile(
            "path \"a\" { policy = \"read\"\n min_wrapping_ttl = 300 }",
            "path \"a\" { policy = \"read\"\n max_wrapping_ttl = 100 }");

        Assert.False(acl.Evaluate(Operation.Read, "a", null, TimeSpan.FromSeconds(100)).Allowed);
        Assert.False(acl.Evaluate(Operation.Read, "a", null, TimeSpan.FromSeconds(300)).Allowed);
    }

    [Theory]
    [InlineData("foo", "foo", true)]
    [InlineData("foo", "foobar", false)]
    [InlineData("*", "*", true)]
    [InlineData("*", "anything", false)]
    [InlineData("foo-*", "foo-bar", true)]
    [InlineData("*good3", "glob good3", true)]
    [InlineData("*mid*", "a mid b", true)]
    [InlineData("*mid*", "a mi d", false)]
    public void GlobMatches_FollowsVaultsEdgeGlobs(string pattern, string value, bool matches)
    {
        Assert.Equal(matches, ParameterCheck.GlobMatches(pattern, value));
    }
}
