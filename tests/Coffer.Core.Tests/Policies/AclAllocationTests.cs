using Coffer.Core.Policies;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Tests.Policies;

/// <summary>The hot path (every request) must not allocate when there is no request data.</summary>
public sealed class AclAllocationTests
{
    [Fact]
    public void Evaluate_WithoutData_DoesNotAllocate()
    {
        var acl = VectorPolicies.Compile(VectorPolicies.P1, VectorPolicies.P2, VectorPolicies.Permissions);
        string[] paths = ["dev/foo", "stage/aws/policy/foo", "test/segment/wildcard/at/foo/", "1/2/3/4", "nothing/matches/here", "foo/bar", "var/req"];
        Operation[] operations = [Operation.Read, Operation.List, Operation.Update];
        foreach (var path in paths)
        {
            foreach (var operation in operations)
            {
                acl.Evaluate(operation, path, null, null);
            }
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var allowed = 0;
        for (var i = 0; i < 100; i++)
        {
            foreach (var path in paths)
            {
                foreach (var operation in operations)
                {
                    allowed += acl.Evaluate(operation, path, null, null).Allowed ? 1 : 0;
                }
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(allowed > 0);
    }
}
