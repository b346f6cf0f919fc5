using Coffer.Core.Policies;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Tests.Policies;

/// <summary>Spec 4.11.5: which of several matching wildcard rules governs, and the bare-mount check.</summary>
public sealed class AclPriorityTests
{
    public static TheoryData<string, string, string> PriorityPairs => new()
    {
        { "+/*", "*", "foo/bar/bar/baz" },
        { "+/*", "foo/+/*", "foo/bar/bar/baz" },
        { "foo/+/+/*", "foo/+/bar/baz", "foo/bar/bar/baz" },
        { "foo/+/+/baz", "foo/+/bar/baz", "foo/bar/bar/baz" },
        { "foo/+/(ar/baz", "foo/(ar/+/baz", "foo/(ar/(ar/baz" },
        { "foo/bar/+/baz*", "foo/bar/+/baz", "foo/bar/bar/baz" },
        { "foo/bar/+/b*", "foo/bar/+/ba*", "foo/bar/bar/baz" },
    };

    [Theory]
    [MemberData(nameof(PriorityPairs))]
    public void Evaluate_CompetingWildcardRules_MoreSpecificUpdateRuleWins(string readRule, string updateRule, string path)
    {
        // Both orders of declaration, so the outcome cannot depend on it.
        var readFirst = VectorPolicies.Compile(Rule(readRule, "read") + Rule(updateRule, "update"));
        var updateFirst = VectorPolicies.Compile(Rule(updateRule, "update") + Rule(readRule, "read"));

        foreach (var acl in new[] { readFirst, updateFirst })
        {
            Assert.True(acl.Evaluate(Operation.Update, path, null, null).Allowed);
            Assert.False(acl.Evaluate(Operation.Read, path, null, null).Allowed);
        }
    }

    public static TheoryData<string, string> BareMountCases => new()
    {
        { "+", "foo/" },
        { "+/*", "foo/" },
        { "foo/+/+/*", "foo/" },
        { "foo/+/+/*", "foo/bar/" },
        { "foo/+/+/*", "foo/bar/bar/" },
        { "foo/+/+/*", "foo/bar/bar/baz/" },
        { "foo/+/+/baz", "foo/bar/bar/baz/" },
        { "foo/+/bar/baz", "foo/bar/bar/baz/" },
        { "foo/bar/+/baz*", "foo/bar/bar/baz/" },
        { "foo/bar/+/b*", "foo/bar/bar/baz/" },
        { "foo/+", "foo/" },
    };

    [Theory]
    [MemberData(nameof(BareMountCases))]
    public void HasMountAccess_SegmentRuleAtOrBelowMount_IsTrue(string rule, string mountPath)
    {
        var acl = VectorPolicies.Compile(Rule(rule, "read"));

        Assert.True(acl.HasMountAccess(mountPath));
    }

    [Theory]
    [InlineData("path \"bar/+\" { capabilities = [\"read\"] }", "foo/")]
    [InlineData("path \"foo/+\" { capabilities = [\"deny\"] }", "foo/")]
    [InlineData("path \"foo/+/x\" { capabilities = [\"read\"] }", "foo/bar/baz/")]
    [InlineData("path \"foo/*\" { capabilities = [\"deny\"] }", "foo/")]
    [InlineData("path \"other/x\" { capabilities = [\"read\"] }", "foo/")]
    public void HasMountAccess_NothingGrantedBelowMount_IsFalse(string policy, string mountPath)
    {
        Assert.False(VectorPolicies.Compile(policy).HasMountAccess(mountPath));
    }

    [Theory]
    [InlineData("path \"secret/data/app\" { capabilities = [\"read\"] }", "secret/")]
    [InlineData("path \"secret/data/*\" { capabilities = [\"list\"] }", "secret/")]
    [InlineData("path \"secret/*\" { capabilities = [\"read\"] }", "secret/")]
    [InlineData("path \"secret\" { capabilities = [\"read\"] }", "secret/")]
    public void HasMountAccess_ExactOrPrefixRuleBelowMount_IsTrue(string policy, string mountPath)
    {
        Assert.True(VectorPolicies.Compile(policy).HasMountAccess(mountPath));
    }

    [Fact]
    public void HasMountAccess_RootAcl_IsTrue()
    {
        Assert.True(Acl.Root.HasMountAccess("anything/"));
    }

    private static string Rule(string pattern, string capability) =>
        $"path \"{pattern}\" {{ capabilities = [\"{capability}\"] }}\n";
}
