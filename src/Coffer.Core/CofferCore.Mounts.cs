using System.Text.Json.Nodes;
using Coffer.Core.Cubbyhole;
using Coffer.Core.Json;
using Coffer.Core.Routing;
using Coffer.Core.Storage;
using Coffer.Core.Sys;
using Coffer.Core.Tokens;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Logical;
using Microsoft.Extensions.Logging;

namespace Coffer.Core;

/// <summary>The mount table: loading, enabling, disabling, moving and tuning mounts.</summary>
public sealed partial class CofferCore
{
    /// <summary>The mount's storage: a view under <c>logical/&lt;uuid&gt;/</c>, one per mount, reused across requests.</summary>
    public IStorage StorageFor(MountEntry entry) =>
        _storageViews.GetOrAdd(entry.Uuid, uuid => new StorageView(Storage, CorePaths.LogicalPrefix + uuid + "/"));

    public async Task EnableMountAsync(MountEntry entry, CancellationToken cancellationToken)
    {
        var path = NormalizeMountPath(entry.Path);
        entry = entry with { Path = path };
        var table = _mounts;
        var overlapping = table.Entries.FirstOrDefault(e => path.StartsWith(e.Path, StringComparison.Ordinal) || e.Path.StartsWith(path, StringComparison.Ordinal));
        if (overlapping is not null)
        {
            throw CofferException.BadRequest($"path is already in use at {overlapping.Path}");
        }

        if (path.StartsWith("sys/", StringComparison.Ordinal) || path.StartsWith("auth/", StringComparison.Ordinal) || path.StartsWith("cubbyhole/", StringComparison.Ordinal) || path.StartsWith("identity/", StringComparison.Ordinal))
        {
            throw CofferException.BadRequest($"cannot mount at reserved path \"{path}\"");
        }

        _ = CreateBackend(entry); // fails early, before anything is saved, on an unknown type
        await SaveMountsAsync(table.With(entry).Entries, cancellationToken).ConfigureAwait(false);
        Log.Mounted(_logger, entry.Type, path);
    }

    public async Task DisableMountAsync(string path, CancellationToken cancellationToken)
    {
        path = NormalizeMountPath(path);
        var entry = _mounts.Find(path);
        if (entry is null)
        {
            return;
        }

        if (entry.BuiltIn)
        {
            throw CofferException.BadRequest($"cannot unmount \"{path}\"");
        }

        await SaveMountsAsync(_mounts.Without(path).Entries, cancellationToken).ConfigureAwait(false);
        await StorageFor(entry).ClearAsync(string.Empty, cancellationToken).ConfigureAwait(false);
        Log.Unmounted(_logger, path);
    }

    public async Task RemountAsync(string from, string to, CancellationToken cancellationToken)
    {
        from = NormalizeMountPath(from);
        to = NormalizeMountPath(to);
        var entry = _mounts.Find(from) ?? throw CofferException.BadRequest($"no matching mount at \"{from}\"");
        if (entry.BuiltIn)
        {
            throw CofferException.BadRequest($"cannot remount \"{from}\"");
        }

        if (_mounts.Match(to) is not null)
        {
            throw CofferException.BadRequest($"path already in use at \"{to}\"");
        }

        // The UUID names the storage prefix, so moving a mount moves no data.
        await SaveMountsAsync(_mounts.Without(from).With(entry with { Path = to }).Entries, cancellationToken).ConfigureAwait(false);
    }

    public Task TuneMountAsync(MountEntry updated, CancellationToken cancellationToken) =>
        SaveMountsAsync(_mounts.With(updated).Entries, cancellationToken);

    /// <summary>A revoked token's cubbyhole goes with it.</summary>
    private async Task DestroyCubbyholeAsync(TokenEntry entry, CancellationToken cancellationToken)
    {
        if (entry.CubbyholeId.Length > 0 && _mounts.Find(BuiltinMounts.Cubbyhole) is { } cubbyhole)
        {
            await StorageFor(cubbyhole).ClearAsync(entry.CubbyholeId + "/", cancellationToken).ConfigureAwait(false);
        }
    }

    public ILogicalBackend? BackendFor(MountEntry entry) => _backends.GetValueOrDefault(entry.Path);

    private async Task LoadMountsAsync(CancellationToken cancellationToken)
    {
        var stored = await Storage.GetJsonAsync(CorePaths.Mounts, CoreJsonContext.Default.ListMountEntry, cancellationToken).ConfigureAwait(false);
        ActivateMounts(stored ?? [.. BuiltinMounts.Create(Time)]);
    }

    private async Task SaveMountsAsync(IEnumerable<MountEntry> entries, CancellationToken cancellationToken)
    {
        var list = entries.OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
        await Storage.PutJsonAsync(CorePaths.Mounts, list, CoreJsonContext.Default.ListMountEntry, cancellationToken).ConfigureAwait(false);
        if (ActiveSince is not null)
        {
            ActivateMounts(list);
        }
    }

    /// <summary>
    /// Builds one backend per mount, keeping the running instance of any mount whose identity and options did not
    /// change, and swaps in the new table and backends together.
    /// </summary>
    private void ActivateMounts(IReadOnlyList<MountEntry> entries)
    {
        var previousTable = _mounts;

        // After storage changed underneath (a secondary leaving DR mode) no running instance may be kept; the old
        // table keeps serving until the new one is swapped in, so no request meets an empty table (a 404).
        var previous = Interlocked.Exchange(ref _discardRunningBackends, false)
            ? new Dictionary<string, ILogicalBackend>(StringComparer.Ordinal)
            : _backends;
        var backends = new Dictionary<string, ILogicalBackend>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var before = previousTable.Find(entry.Path);
            var unchanged = before is not null && before.Uuid == entry.Uuid && before.Type == entry.Type
                && JsonNode.DeepEquals(before.Options, entry.Options);
            backends[entry.Path] = unchanged && previous.TryGetValue(entry.Path, out var kept) ? kept : CreateBackend(entry);
        }

        _backends = backends;
        _mounts = new MountTable(entries);
    }

    private ILogicalBackend CreateBackend(MountEntry entry) => entry.Type switch
    {
        "system" => new SystemBackend(this),
        "token" => new TokenBackend(this),
        "cubbyhole" => new CubbyholeBackend(this),
        _ when Options.SecretsEngines.TryGetValue(entry.Type, out var factory) =>
            factory(new MountContext(entry.Path, entry.Type, entry.Options, Time)),
        _ => throw CofferException.BadRequest($"plugin not found in the catalog: {entry.Type}"),
    };

    internal static string NormalizeMountPath(string path)
    {
        path = path.Trim('/');
        if (path.Length == 0 || path.Contains("..", StringComparison.Ordinal))
        {
            throw CofferException.BadRequest("invalid mount path");
        }

        return path + "/";
    }
}
