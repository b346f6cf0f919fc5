using Coffer.Sdk.Physical;
using Coffer.Testing.Storage;

namespace Coffer.Sdk.Tests.Physical;

/// <summary>The in-memory backend against the shared conformance suite (durability tests skip: it is volatile).</summary>
public sealed class InMemoryBackendConformanceTests : PhysicalBackendConformance
{
    protected override Task<IPhysicalBackend> CreateAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IPhysicalBackend>(new InMemoryBackend());
}
