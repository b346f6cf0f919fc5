using Coffer.Sdk.Physical;

namespace Coffer.Core.Telemetry;

/// <summary>Times every operation on the physical backend, then delegates.</summary>
internal sealed class MeteredPhysicalBackend(IPhysicalBackend inner) : IPhysicalBackend
{
    private readonly KeyValuePair<string, object?>[] _get = Tags(inner, "get"), _put = Tags(inner, "put"), _delete = Tags(inner, "delete"), _list = Tags(inner, "list"), _commit = Tags(inner, "commit");

    public string Name => inner.Name;

    public Task<PhysicalEntry?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        OperationTimer.TimeAsync(CoreMetrics.StorageOperation, _get, () => inner.GetAsync(key, cancellationToken));

    public Task PutAsync(PhysicalEntry entry, CancellationToken cancellationToken = default) =>
        OperationTimer.TimeAsync(CoreMetrics.StorageOperation, _put, () => inner.PutAsync(entry, cancellationToken));

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        OperationTimer.TimeAsync(CoreMetrics.StorageOperation, _delete, () => inner.DeleteAsync(key, cancellationToken));

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) =>
        OperationTimer.TimeAsync(CoreMetrics.StorageOperation, _list, () => inner.ListAsync(prefix, cancellationToken));

    public Task CommitAsync(IReadOnlyList<PhysicalOperation> operations, CancellationToken cancellationToken = default) =>
        OperationTimer.TimeAsync(CoreMetrics.StorageOperation, _commit, () => inner.CommitAsync(operations, cancellationToken));

    private static KeyValuePair<string, object?>[] Tags(IPhysicalBackend backend, string operation) =>
        [new("backend", backend.Name), new("operation", operation)];
}
