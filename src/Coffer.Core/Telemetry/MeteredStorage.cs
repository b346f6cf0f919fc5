using Coffer.Sdk.Logical;

namespace Coffer.Core.Telemetry;

/// <summary>Times every operation on the barrier, then delegates.</summary>
internal sealed class MeteredStorage(IStorage inner) : IStorage
{
    private static readonly LatencySummary Get = CoreMetrics.Barrier("get"), Put = CoreMetrics.Barrier("put"),
        Delete = CoreMetrics.Barrier("delete"), List = CoreMetrics.Barrier("list"), Commit = CoreMetrics.Barrier("commit");

    public Task<StorageEntry?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        OperationTimer.Time(Get, CoreMetrics.Start(), inner.GetAsync(key, cancellationToken));

    public Task<T?> ReadAsync<T>(string key, StorageValueParser<T> parse, CancellationToken cancellationToken = default) =>
        OperationTimer.Time(Get, CoreMetrics.Start(), inner.ReadAsync(key, parse, cancellationToken));

    public Task PutAsync(StorageEntry entry, CancellationToken cancellationToken = default) =>
        OperationTimer.Time(Put, CoreMetrics.Start(), inner.PutAsync(entry, cancellationToken));

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        OperationTimer.Time(Delete, CoreMetrics.Start(), inner.DeleteAsync(key, cancellationToken));

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) =>
        OperationTimer.Time(List, CoreMetrics.Start(), inner.ListAsync(prefix, cancellationToken));

    public Task CommitAsync(IReadOnlyList<StorageOperation> operations, CancellationToken cancellationToken = default) =>
        OperationTimer.Time(Commit, CoreMetrics.Start(), inner.CommitAsync(operations, cancellationToken));
}
