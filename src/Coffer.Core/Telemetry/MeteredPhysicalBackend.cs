using Coffer.Sdk.Physical;

namespace Coffer.Core.Telemetry;

/// <summary>Times every operation on the physical backend, then delegates.</summary>
internal sealed class MeteredPhysicalBackend(IPhysicalBackend inner) : IPhysicalBackend
{
    private readonly LatencySummary _get = CoreMetrics.Storage(inner.Name, "get"), _put = CoreMetrics.Storage(inner.Name, "put"),
        _delete = CoreMetrics.Storage(inner.Name, "delete"), _list = CoreMetrics.Storage(inner.Name, "list"), _commit = CoreMetrics.Storage(inner.Name, "commit");

    public string Name => inner.Name;

    public Task<PhysicalEntry?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        OperationTimer.Time(_get, CoreMetrics.Start(), inner.GetAsync(key, cancellationToken));

    public Task<PhysicalEntry?> GetForReadingAsync(string key, CancellationToken cancellationToken = default) =>
        OperationTimer.Time(_get, CoreMetrics.Start(), inner.GetForReadingAsync(key, cancellationToken));

    public Task PutAsync(PhysicalEntry entry, CancellationToken cancellationToken = default) =>
        OperationTimer.Time(_put, CoreMetrics.Start(), inner.PutAsync(entry, cancellationToken));

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        OperationTimer.Time(_delete, CoreMetrics.Start(), inner.DeleteAsync(key, cancellationToken));

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) =>
        OperationTimer.Time(_list, CoreMetrics.Start(), inner.ListAsync(prefix, cancellationToken));

    public Task CommitAsync(IReadOnlyList<PhysicalOperation> operations, CancellationToken cancellationToken = default) =>
        OperationTimer.Time(_commit, CoreMetrics.Start(), inner.CommitAsync(operations, cancellationToken));
}
