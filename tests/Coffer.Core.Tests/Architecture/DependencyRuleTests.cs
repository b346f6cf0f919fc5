using System.Reflection;

namespace Coffer.Core.Tests.Architecture;

/// <summary>
/// The layering of docs/architecture.md, enforced: a wrong reference fails here, not in review.
/// </summary>
public sealed class DependencyRuleTests
{
    private static readonly string[] ForbiddenForCore =
    [
        "Microsoft.AspNetCore", "DotNext", "Coffer.Raft", "Coffer.Replication", "Coffer.Builtin", "Coffer.Server", "Grpc",
    ];

    [Fact]
    public void Core_ReferencesNeitherAspNetCoreNorDotNextNorSubsystems()
    {
        var references = ReferencedAssemblyNames(typeof(Coffer.Core.AssemblyMarker).Assembly);
        Assert.DoesNotContain(references, name => ForbiddenForCore.Any(f => name.StartsWith(f, StringComparison.Ordinal)));
    }

    [Fact]
    public void Sdk_ReferencesNoOtherCofferAssembly()
    {
        var references = ReferencedAssemblyNames(typeof(Coffer.Sdk.Logical.LogicalRequest).Assembly);
        Assert.DoesNotContain(references, name => name.StartsWith("Coffer.", StringComparison.Ordinal));
        Assert.DoesNotContain(references, name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public void Core_ReferencesTheSdk()
    {
        // Guards the test above against passing vacuously on an assembly that references nothing.
        Assert.Contains("Coffer.Sdk", ReferencedAssemblyNames(typeof(Coffer.Core.AssemblyMarker).Assembly));
    }

    private static List<string> ReferencedAssemblyNames(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name ?? string.Empty).ToList();
}
