namespace Coffer.Raft.Tests.Architecture;

/// <summary>Coffer.Raft sits beside Core, not on it: it may use the Sdk contracts and DotNext, nothing else of ours.</summary>
public sealed class DependencyRuleTests
{
    private static List<string> References() =>
        typeof(RaftBackend).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? string.Empty).ToList();

    [Fact]
    public void Raft_ReferencesOnlyTheSdkAmongCofferAssemblies()
    {
        Assert.Equal(["Coffer.Sdk"], References().Where(name => name.StartsWith("Coffer.", StringComparison.Ordinal)));
    }

    [Fact]
    public void Raft_ReferencesDotNextAndNotAspNetCore()
    {
        var references = References();
        Assert.Contains("DotNext.Net.Cluster", references);
        Assert.DoesNotContain(references, name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) && name != "Microsoft.AspNetCore.Connections.Abstractions");
    }
}
