using Coffer.Core.Policies;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Tests.Policies;

public sealed class BuiltinPoliciesTests
{
    private static readonly Acl DefaultAcl = Acl.Compile([BuiltinPolicies.Default]);

    [Theory]
    [InlineData(Operation.Read, "auth/token/lookup-self")]
    [InlineData(Operation.Update, "auth/token/renew-self")]
    [InlineData(Operation.Update, "auth/token/revoke-self")]
    [InlineData(Operation.Update, "sys/capabilities-self")]
    [InlineData(Operation.Read, "sys/internal/ui/resultant-acl")]
    [InlineData(Operation.Update, "sys/renew")]
    [InlineData(Operation.Update, "sys/leases/renew")]
    [InlineData(Operation.Update, "sys/leases/lookup")]
    [InlineData(Operation.Create, "cubbyhole/anything")]
    [InlineData(Operation.List, "cubbyhole/")]
    [InlineData(Operation.Delete, "cubbyhole/x/y")]
    [InlineData(Operation.Update, "sys/wrapping/wrap")]
    [InlineData(Operation.Update, "sys/wrapping/lookup")]
    [InlineData(Operation.Update, "sys/wrapping/unwrap")]
    [InlineData(Operation.Update, "sys/tools/hash")]
    [InlineData(Operation.Update, "sys/tools/hash/sha2-256")]
    [InlineData(Operation.Update, "sys/control-group/request")]
    [InlineData(Operation.Read, "identity/oidc/provider/my-provider/authorize")]
    [InlineData(Operation.Update, "identity/oidc/provider/my-provider/authorize")]
    public void DefaultPolicy_GrantsWhatVaultsDefaultGrants(Operation operation, string path)
    {
        Assert.True(DefaultAcl.Evaluate(operation, path, null, null).Allowed);
    }

    [Theory]
    [InlineData(Operation.Update, "auth/token/lookup-self")]
    [InlineData(Operation.Read, "secret/data/x")]
    [InlineData(Operation.Update, "sys/policies/acl/default")]
    [InlineData(Operation.Update, "auth/token/create")]
    public void DefaultPolicy_GrantsNothingElse(Operation operation, string path)
    {
        Assert.False(DefaultAcl.Evaluate(operation, path, null, null).Allowed);
    }

    [Fact]
    public void DefaultPolicy_HasEveryDocumentedPath()
    {
        Assert.Equal(18, BuiltinPolicies.Default.Paths.Count);
        Assert.Contains(BuiltinPolicies.Default.Paths, p => p.Path == "identity/entity/id/{{identity.entity.id}}");
        Assert.Contains(BuiltinPolicies.Default.Paths, p => p.Path == "identity/entity/name/{{identity.entity.name}}");
    }

    [Fact]
    public void ResponseWrappingPolicy_AllowsOnlyItsCubbyholeAndUnwrap()
    {
        var acl = Acl.Compile([BuiltinPolicies.ResponseWrapping]);

        Assert.True(acl.Evaluate(Operation.Read, "cubbyhole/response", null, null).Allowed);
        Assert.True(acl.Evaluate(Operation.Update, "sys/wrapping/unwrap", null, null).Allowed);
        Assert.False(acl.Evaluate(Operation.Read, "cubbyhole/other", null, null).Allowed);
    }

    [Theory]
    [InlineData("  My-Policy ", "my-policy")]
    [InlineData("ADMIN", "admin")]
    [InlineData("ok", "ok")]
    public void Normalize_TrimsAndLowercases(string name, string expected)
    {
        Assert.Equal(expected, PolicyNames.Normalize(name));
    }

    [Fact]
    public void NormalizationWarning_OnlyWhenTheNameChanged()
    {
        Assert.Equal("policy name was converted to admin", PolicyNames.NormalizationWarning("Admin"));
        Assert.Null(PolicyNames.NormalizationWarning("admin"));
    }

    [Theory]
    [InlineData("root", "cannot update \"root\" policy")]
    [InlineData("response-wrapping", "cannot update \"response-wrapping\" policy")]
    [InlineData("", "policy name must be provided")]
    [InlineData("default", null)]
    [InlineData("mine", null)]
    public void ValidateForWrite_ReservedNames_AreRefused(string name, string? expected)
    {
        Assert.Equal(expected, PolicyNames.ValidateForWrite(name));
    }

    [Theory]
    [InlineData("root", "cannot delete \"root\" policy")]
    [InlineData("response-wrapping", "cannot delete \"response-wrapping\" policy")]
    [InlineData("default", "cannot delete default policy")]
    [InlineData("mine", null)]
    public void ValidateForDelete_BuiltinNames_AreRefused(string name, string? expected)
    {
        Assert.Equal(expected, PolicyNames.ValidateForDelete(name));
    }

    [Fact]
    public void ResponseWrapping_IsNeitherAssignableNorListed()
    {
        Assert.False(PolicyNames.IsAssignable("response-wrapping"));
        Assert.False(PolicyNames.IsListed("response-wrapping"));
        Assert.True(PolicyNames.IsAssignable("default"));
        Assert.True(PolicyNames.IsListed("root"));
    }
}
