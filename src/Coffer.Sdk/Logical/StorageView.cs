namespace Coffer.Sdk.Logical;

/// <summary>
/// A "chroot" of another storage under a fixed prefix: a mount only ever sees its own keys,
/// so disabling a mount removes exactly the keys under its prefix.
/// </summary>
public sealed class StorageView : IStorage
{
    private readonly IStorage _inner;

    public StorageView(IStorage inner, string prefix)
    {
        _inner = inner;
        Prefix = prefix;
    }

    public string Prefix { get; }

    public async Task<StorageEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var entry = await _inner.GetAsync(Prefix + key, cancellationToken).ConfigureAwait(false);
        return entry is null ? null : entry with { Key = key };
    }

    public Task<T?> ReadAsync<T>(string key, StorageValueParser<T> parse, CancellationToken cancellationToken = default) =>
        _inner.ReadAsync(Prefix + key, parse, cancellationToken);

    public Task PutAsync(StorageEntry entry, CancellationToken cancellationToken = default) =>
        _inner.PutAsync(entry with { Key = Prefix + entry.Key }, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        _inner.DeleteAsync(Prefix + key, cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) =>
        _inner.ListAsync(Prefix + prefix, cancellationToken);

    public Task CommitAsync(IReadOnlyList<StorageOperation> operations, CancellationToken cancellationToken = default)
    {
        var prefixed = new StorageOperation[operations.Count];
        for (var i = 0; i < prefixed.Length; i++)
        {
            prefixed[i] = operations[i] with { Key = Prefix + operations[i].Key };
        }

        return _inner.CommitAsync(prefixed, cancellationToken);
    }

    public StorageView SubView(string prefix) => new(_inner, Prefix + prefix);
}
