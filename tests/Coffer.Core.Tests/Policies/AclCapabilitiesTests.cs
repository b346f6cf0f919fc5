using Coffer.Core.Policies;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Tests.Policies;

/// <summary>Capability reports (spec 4.3, 4.10) and granting policies (spec 4.11.7).</summary>
public sealed class AclCapabilitiesTests
{
    [Theory]
    [InlineData("dev", new[] { "deny" })]
    [InlineData("dev/", new[] { "sudo", "read", "list", "update", "delete", "create" })]
    [InlineData("stage/aws/test", new[] { "sudo", "read", "list", "update" })]
    [InlineData("baz/quux", new[] { "read", "create", "patch" })]
    [InlineData("prod/aws/x", new[] { "deny" })]
    [InlineData("nothing/here", new[] { "deny" })]
    public void Capabilities_PolicyP1_ReportsInVaultsOrder(string path, string[] expected)
    {
        Assert.Equal(expected, VectorPolicies.Compile(VectorPolicies.P1).Capabilities(path));
    }

    [Fact]
    public void Capabilities_RootAcl_IsRoot()
    {
        Assert.Equal(["root"], Acl.Root.Capabilities("any/path"));
    }

    [Fact]
    public void Capabilities_AllWords_ReportedInFixedOrder()
    {
        var acl = VectorPolicies.Compile("path \"a\" { capabilities = [\"recover\", \"subscribe\", \"patch\", \"create\", \"delete\", \"update\", \"list\", \"read\", \"sudo\"] }");

        Assert.Equal(["sudo", "read", "list", "update", "delete", "create", "patch", "subscribe", "recover"], acl.Capabilities("a"));
    }

    [Fact]
    public void Capabilities_TrailingSlash_FallsBackLikeAList()
    {
        var acl = VectorPolicies.Compile("path \"secret/metadata\" { capabilities = [\"list\"] }");

        Assert.Equal(["list"], acl.Capabilities("secret/metadata/"));
    }

    public static TheoryData<string, Operation, bool, string[], bool> GrantingCases => new()
    {
        // path, operation, include the merged policy, expected granting policies, allowed
        { "kv/foo", Operation.Read, false, ["granting_policy"], true },
        { "kv/foo", Operation.Update, false, ["granting_policy"], true },
        { "kv/bad", Operation.Read, false, [], false },
        { "kv/deny", Operation.Read, false, [], false },
        { "kv/path/foo", Operation.Read, false, ["granting_policy"], true },
        { "kv/path/longer", Operation.Read, false, ["granting_policy"], true },
        { "kv/foo", Operation.Read, true, ["granting_policy", "granting_policy_merged"], true },
        { "kv/path/longer3", Operation.Read, true, ["granting_policy_merged"], true },
        { "kv/bar", Operation.Read, true, ["granting_policy_merged"], true },
        { "kv/deny", Operation.Read, true, [], false },
        { "kv/path/longer", Operation.Update, true, ["granting_policy"], true },
        { "kv/path/foo", Operation.Read, true, ["granting_policy", "granting_policy_merged"], true },
    };

    [Theory]
    [MemberData(nameof(GrantingCases))]
    public void GrantingPolicies_MatchVaultVectors(string path, Operation operation, bool withMerged, string[] expected, bool allowed)
    {
        var policies = new List<Policy> { PolicyParser.Parse("granting_policy", VectorPolicies.Granting) };
        if (withMerged)
        {
            policies.Add(PolicyParser.Parse("granting_policy_merged", VectorPolicies.GrantingMerged));
        }

        var acl = Acl.Compile(policies);

        Assert.Equal(allowed, acl.Evaluate(operation, path, null, null).Allowed);
        Assert.Equal(expected, acl.GrantingPolicies(operation, path));
    }

    [Fact]
    public void GrantingPolicies_RecoverCapability_IsReportedForItsPolicy()
    {
        var acl = Acl.Compile([PolicyParser.Parse("granting_policy", VectorPolicies.Granting), PolicyParser.Parse("granting_policy_merged", VectorPolicies.GrantingMerged)]);

        Assert.Equal(["granting_policy"], acl.ExactRule("ns1/kv/foo")!.GrantingPoliciesFor(Capability.Recover));
    }

    [Fact]
    public void GrantingPolicies_RootAcl_IsRoot()
    {
        Assert.Equal(["root"], Acl.Root.GrantingPolicies(Operation.Read, "x"));
    }
}
