using System.Text.Json.Nodes;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Framework;
using Coffer.Sdk.Logical;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>
/// <c>metadata/:path</c>: list keys, read a key's metadata and version history, set the key's own settings
/// (write or merge-patch), and delete the key with every version.
/// </summary>
internal static class KvMetadataPaths
{
    private const string CasIgnoredWarning = "\"cas_required\" set to false, but is mandated by backend config. This value will be ignored.";

    public static PathSpec Create(KvV2Store store) => new(
        "metadata/" + PathPatterns.OptionalRest("path"),
        [
            FieldSchema.String("path", "Location of the secret."),
            FieldSchema.Int("max_versions", "The number of versions to keep for this key; 0 uses the mount's setting."),
            FieldSchema.Bool("cas_required", "If true, every write to this key must carry options.cas; if false, the mount's setting applies."),
            FieldSchema.Duration("delete_version_after", "How long after its creation a version is deleted; 0 uses the mount's setting, and the mount's value wins when it is shorter."),
            FieldSchema.Map("custom_metadata", "Free-form string pairs describing the secret, independent of its versions (at most 64)."),
        ],
        Handlers.Of(
            (Operation.Read, (request, data, ct) => ReadAsync(store, request, data, ct)),
            (Operation.List, (request, data, ct) => ListAsync(request, data, ct)),
            (Operation.Create, (request, data, ct) => WriteAsync(store, request, data, ct)),
            (Operation.Update, (request, data, ct) => WriteAsync(store, request, data, ct)),
            (Operation.Patch, (request, data, ct) => PatchAsync(store, request, data, ct)),
            (Operation.Delete, (request, data, ct) => DeleteAsync(store, request, data, ct))))
    {
        ExistenceCheck = async (request, data, ct) =>
            await store.ReadMetadataAsync(KvRequestStorage.Of(request), data.GetString("path"), ct).ConfigureAwait(false) is not null,
        Synopsis = "Read, write, patch, list and delete the metadata of secrets in the versioned key-value store.",
        Description =
            "Metadata is what a key has regardless of its versions: the current and oldest version, the state of " +
            "every kept version, and the key's own max_versions, cas_required, delete_version_after and " +
            "custom_metadata. A write sets the given settings (creating the key without any version if needed); a " +
            "patch merges them into an existing key. A delete removes the key, its metadata and all its versions " +
            "for good. A list returns the keys below a folder, folders ending in '/'.",
    };

    private static async Task<LogicalResponse?> ReadAsync(KvV2Store store, LogicalRequest request, FieldData data, CancellationToken cancellationToken) =>
        await store.ReadMetadataAsync(KvRequestStorage.Of(request), data.GetString("path"), cancellationToken).ConfigureAwait(false) is { } metadata
            ? LogicalResponse.WithData(KvViews.Metadata(metadata))
            : null;

    private static async Task<LogicalResponse?> ListAsync(LogicalRequest request, FieldData data, CancellationToken cancellationToken)
    {
        var keys = await KvRequestStorage.Of(request).ListAsync(KvStorageLayout.MetadataPrefix + data.GetString("path"), cancellationToken).ConfigureAwait(false);
        return LogicalResponse.ListOf(keys);
    }

    private static async Task<LogicalResponse?> WriteAsync(KvV2Store store, LogicalRequest request, FieldData data, CancellationToken cancellationToken)
    {
        var key = data.GetString("path");
        if (key.Length == 0)
        {
            throw CofferException.BadRequest("missing path");
        }

        var settings = KvKeySettings.FromWrite(data);
        if (settings.IsEmpty)
        {
            // Vault creates nothing when no setting is given.
            return null;
        }

        var storage = KvRequestStorage.Of(request);
        var config = await store.ReadConfigAsync(storage, cancellationToken).ConfigureAwait(false);
        using var keyLock = await store.Locks.AcquireAsync(key, cancellationToken).ConfigureAwait(false);
        var metadata = await store.ReadMetadataAsync(storage, key, cancellationToken).ConfigureAwait(false);
        if (metadata is null)
        {
            var now = store.Now;
            metadata = KvKeyMetadata.New(key);
            metadata.CreatedTime = now;
            metadata.UpdatedTime = now;
        }

        settings.ApplyTo(metadata);
        await new KvTransaction().PutMetadata(metadata).CommitAsync(storage, cancellationToken).ConfigureAwait(false);
        return CasWarning(settings, config);
    }

    private static async Task<LogicalResponse?> PatchAsync(KvV2Store store, LogicalRequest request, FieldData data, CancellationToken cancellationToken)
    {
        var key = data.GetString("path");
        if (key.Length == 0)
        {
            throw CofferException.BadRequest("missing path");
        }

        var settings = KvKeySettings.FromPatch(data);
        var storage = KvRequestStorage.Of(request);
        var config = await store.ReadConfigAsync(storage, cancellationToken).ConfigureAwait(false);
        using var keyLock = await store.Locks.AcquireAsync(key, cancellationToken).ConfigureAwait(false);
        var metadata = await store.ReadMetadataAsync(storage, key, cancellationToken).ConfigureAwait(false)
            ?? throw CofferException.NotFound();
        settings.ApplyTo(metadata);
        await new KvTransaction().PutMetadata(metadata).CommitAsync(storage, cancellationToken).ConfigureAwait(false);
        return CasWarning(settings, config);
    }

    private static async Task<LogicalResponse?> DeleteAsync(KvV2Store store, LogicalRequest request, FieldData data, CancellationToken cancellationToken)
    {
        var key = data.GetString("path");
        var storage = KvRequestStorage.Of(request);
        using var keyLock = await store.Locks.AcquireAsync(key, cancellationToken).ConfigureAwait(false);
        if (await store.ReadMetadataAsync(storage, key, cancellationToken).ConfigureAwait(false) is not { } metadata)
        {
            return null;
        }

        var transaction = new KvTransaction();
        foreach (var version in metadata.Versions.Keys)
        {
            transaction.DeleteVersion(key, version);
        }

        await transaction.DeleteMetadata(key).CommitAsync(storage, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static LogicalResponse? CasWarning(KvKeySettings settings, KvConfig config) =>
        settings.CasRequired is false && config.CasRequired
            ? new LogicalResponse().AddWarning(CasIgnoredWarning)
            : null;
}
