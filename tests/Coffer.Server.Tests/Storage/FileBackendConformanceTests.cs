using Coffer.Sdk.Physical;
using Coffer.Server.Storage;
using Coffer.Testing.Storage;

namespace Coffer.Server.Tests.Storage;

/// <summary>The file backend against the shared conformance suite, durability tests included.</summary>
public sealed class FileBackendConformanceTests : PhysicalBackendConformance
{
    private readonly TemporaryDirectory _directory = new();

    private string DataPath => System.IO.Path.Combine(_directory.Path, "data");

    protected override async Task<IPhysicalBackend> CreateAsync(CancellationToken cancellationToken) =>
        await FileBackend.OpenAsync(DataPath, cancellationToken);

    protected override async Task<IPhysicalBackend?> ReopenAsync(IPhysicalBackend previous, CancellationToken cancellationToken)
    {
        await ReleaseAsync(previous);
        return await FileBackend.OpenAsync(DataPath, cancellationToken);
    }

    protected override ValueTask CleanupAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
