using Coffer.Core.Policies;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Tests.Policies;

/// <summary>Spec 4.11.1 (P1 alone) and 4.11.2 (P1 + P2): allowed and root privileges per operation.</summary>
public sealed class AclSingleAndLayeredTests
{
    private static readonly Acl Single = VectorPolicies.Compile(VectorPolicies.P1);
    private static readonly Acl Layered = VectorPolicies.Compile(VectorPolicies.P1, VectorPolicies.P2);

    public static TheoryData<Operation, string, bool, bool> SingleCases => new()
    {
        { Operation.Read, "root", false, false },
        { Operation.Help, "root", true, false },
        { Operation.Read, "dev/foo", true, true },
        { Operation.Update, "dev/foo", true, true },
        { Operation.Delete, "stage/foo", true, false },
        { Operation.List, "stage/aws/foo", true, true },
        { Operation.Update, "stage/aws/foo", true, true },
        { Operation.Update, "stage/aws/policy/foo", true, true },
        { Operation.Delete, "prod/foo", false, false },
        { Operation.Update, "prod/foo", false, false },
        { Operation.Read, "prod/foo", true, false },
        { Operation.List, "prod/foo", true, false },
        { Operation.Read, "prod/aws/foo", false, false },
        { Operation.Read, "foo/bar", true, true },
        { Operation.List, "foo/bar", false, true },
        { Operation.Update, "foo/bar", false, true },
        { Operation.Create, "foo/bar", true, true },
        { Operation.Read, "baz/quux", true, false },
        { Operation.Create, "baz/quux", true, false },
        { Operation.Patch, "baz/quux", true, false },
        { Operation.List, "baz/quux", false, false },
        { Operation.Update, "baz/quux", false, false },
        { Operation.Read, "test/foo/bar/segment", false, false },
        { Operation.Read, "test/foo/segment", true, false },
        { Operation.Read, "test/bar/segment", true, false },
        { Operation.Read, "test/segment/at/frond", false, false },
        { Operation.Read, "test/segment/at/front", true, false },
        { Operation.Read, "test/segment/at/end/foo", true, false },
        { Operation.Read, "test/segment/at/end/foo/", false, false },
        { Operation.Read, "test/segment/at/end/v2/foo/", true, false },
        { Operation.Read, "test/segment/wildcard/at/foo/", true, false },
        { Operation.Read, "test/segment/wildcard/at/end", true, false },
        { Operation.Read, "test/segment/wildcard/at/end/", true, false },
        { Operation.Read, "1/2/3/4", false, false },
        { Operation.Read, "1/2/3", true, false },
        { Operation.Update, "1/2/3", false, false },
        { Operation.Update, "1/2/3/4", true, false },
        { Operation.Create, "1/2/3/4/5", true, false },
        { Operation.Read, "sys/mount/foo", false, false },
    };

    public static TheoryData<Operation, string, bool, bool> LayeredCases => new()
    {
        { Operation.Read, "root", false, false },
        { Operation.Help, "root", true, false },
        { Operation.Read, "dev/foo", true, true },
        { Operation.Update, "dev/foo", true, true },
        { Operation.Read, "dev/hide/foo", false, false },
        { Operation.Update, "dev/hide/foo", false, false },
        { Operation.Delete, "stage/foo", true, false },
        { Operation.List, "stage/aws/foo", true, true },
        { Operation.Update, "stage/aws/foo", true, true },
        { Operation.Update, "stage/aws/policy/foo", false, false },
        { Operation.Delete, "prod/foo", true, false },
        { Operation.Update, "prod/foo", true, false },
        { Operation.Read, "prod/foo", true, false },
        { Operation.List, "prod/foo", true, false },
        { Operation.Read, "prod/aws/foo", false, false },
        { Operation.Read, "sys/status", false, false },
        { Operation.Update, "sys/seal", true, true },
        { Operation.Read, "foo/bar", false, false },
        { Operation.List, "foo/bar", false, false },
        { Operation.Update, "foo/bar", false, false },
        { Operation.Create, "foo/bar", false, false },
        { Operation.Read, "baz/quux", false, false },
        { Operation.List, "baz/quux", false, false },
        { Operation.Update, "baz/quux", false, false },
        { Operation.Create, "baz/quux", false, false },
        { Operation.Patch, "baz/quux", false, false },
        { Operation.Read, "sys/mount/foo", false, false },
    };

    [Theory]
    [MemberData(nameof(SingleCases))]
    public void Evaluate_PolicyP1_MatchesVaultVectors(Operation operation, string path, bool allowed, bool rootPrivileges)
    {
        var decision = Single.Evaluate(operation, path, null, null);

        Assert.Equal(allowed, decision.Allowed);
        Assert.Equal(rootPrivileges, decision.RootPrivileges);
        Assert.False(decision.IsRoot);
    }

    [Theory]
    [MemberData(nameof(LayeredCases))]
    public void Evaluate_PoliciesP1AndP2_MatchesVaultVectors(Operation operation, string path, bool allowed, bool rootPrivileges)
    {
        var decision = Layered.Evaluate(operation, path, null, null);

        Assert.Equal(allowed, decision.Allowed);
        Assert.Equal(rootPrivileges, decision.RootPrivileges);
    }

    [Theory]
    [InlineData("1/2/3/4", new[] { "update", "recover" })]
    [InlineData("ns1/kv/foo", new[] { "deny" })]
    public void Capabilities_RecoverOnSegmentRule_IsReported(string path, string[] expected)
    {
        // Operation has no Recover member yet; the capability is still compiled and reported.
        Assert.Equal(expected, Single.Capabilities(path));
    }

    [Theory]
    [InlineData(Operation.Renew, "stage/foo", true)]
    [InlineData(Operation.Revoke, "stage/foo", true)]
    [InlineData(Operation.Renew, "prod/foo", false)]
    [InlineData(Operation.Revoke, "baz/quux", false)]
    public void Evaluate_RenewAndRevoke_NeedUpdate(Operation operation, string path, bool allowed)
    {
        Assert.Equal(allowed, Single.Evaluate(operation, path, null, null).Allowed);
    }

    [Fact]
    public void Evaluate_LeadingSlashes_AreIgnored()
    {
        Assert.True(Single.Evaluate(Operation.Read, "//foo/bar", null, null).Allowed);
    }

    [Fact]
    public void Evaluate_RootAcl_AllowsEverythingWithRootPrivileges()
    {
        var decision = Acl.Root.Evaluate(Operation.Update, "sys/mount/foo", null, null);

        Assert.Equal(new AclDecision(Allowed: true, RootPrivileges: true, IsRoot: true), decision);
    }

    [Fact]
    public void Compile_RootPolicyAlone_GivesRootAcl()
    {
        var acl = Acl.Compile([BuiltinPolicies.Root]);

        Assert.True(acl.IsRoot);
        Assert.Same(Acl.Root, acl);
    }

    [Fact]
    public void Compile_RootWithOtherPolicies_Fails()
    {
        var error = Assert.Throws<Coffer.Sdk.Errors.CofferException>(() => Acl.Compile([BuiltinPolicies.Root, BuiltinPolicies.Default]));

        Assert.Equal("other policies present along with root", error.Message);
    }

    [Fact]
    public void Compile_NoPolicies_DeniesEverything()
    {
        var acl = Acl.Compile([]);

        Assert.False(acl.IsRoot);
        Assert.False(acl.Evaluate(Operation.Read, "secret/foo", null, null).Allowed);
        Assert.True(acl.Evaluate(Operation.Help, "secret/foo", null, null).Allowed);
    }

    [Fact]
    public void Evaluate_ExactRuleBeatsDenyOnBroaderGlob()
    {
        var acl = VectorPolicies.Compile("path \"secret/*\" { capabilities = [\"deny\"] }\npath \"secret/foo\" { capabilities = [\"read\"] }");

        Assert.True(acl.Evaluate(Operation.Read, "secret/foo", null, null).Allowed);
        Assert.False(acl.Evaluate(Operation.Read, "secret/bar", null, null).Allowed);
    }

    [Fact]
    public void Evaluate_LongestPrefixWins()
    {
        var acl = VectorPolicies.Compile("""
            path "secret/*" { capabilities = ["read"] }
            path "secret/a/*" { capabilities = ["update"] }
            path "secret/a/b/*" { capabilities = ["delete"] }
            path "other/*" { capabilities = ["list"] }
            """);

        Assert.True(acl.Evaluate(Operation.Read, "secret/x", null, null).Allowed);
        Assert.True(acl.Evaluate(Operation.Update, "secret/a/x", null, null).Allowed);
        Assert.False(acl.Evaluate(Operation.Read, "secret/a/x", null, null).Allowed);
        Assert.True(acl.Evaluate(Operation.Delete, "secret/a/b/c/d", null, null).Allowed);
        Assert.True(acl.Evaluate(Operation.Update, "secret/a/bc", null, null).Allowed);
        Assert.False(acl.Evaluate(Operation.Read, "secret", null, null).Allowed);
        Assert.False(acl.Evaluate(Operation.Read, "sec", null, null).Allowed);
    }

    [Fact]
    public void Evaluate_ListWithTrailingSlash_UsesExactRuleWithoutSlash()
    {
        var acl = VectorPolicies.Compile("path \"secret/metadata\" { capabilities = [\"list\"] }");

        Assert.True(acl.Evaluate(Operation.List, "secret/metadata/", null, null).Allowed);
        Assert.False(acl.Evaluate(Operation.Read, "secret/metadata/", null, null).Allowed);
    }

    [Fact]
    public void Evaluate_ListWithTrailingSlash_TriesGlobWithoutSlashFirst()
    {
        // Matched with its slash, "secret/foo/" would fall to the "secret/foo/*" rule, which cannot list.
        var acl = VectorPolicies.Compile("""
            path "secret/+" { capabilities = ["list"] }
            path "secret/foo/*" { capabilities = ["read"] }
            """);

        Assert.True(acl.Evaluate(Operation.List, "secret/foo/", null, null).Allowed);
        Assert.False(acl.Evaluate(Operation.List, "secret/foo/bar", null, null).Allowed);
    }
}
