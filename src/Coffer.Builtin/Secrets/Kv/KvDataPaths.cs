using System.Text.Json.Nodes;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Framework;
using Coffer.Sdk.Logical;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>
/// <c>data/:path</c>: read a version, write a new one (with check-and-set), patch the latest one with a JSON
/// merge patch, and soft-delete the latest one.
/// </summary>
internal static class KvDataPaths
{
    // At least one character and no trailing slash: "data/folder/" is not a secret.
    private const string Pattern = @"data/(?<path>.*[^/])";

    public static PathSpec Create(KvV2Store store) => new(
        Pattern,
        [
            FieldSchema.String("path", "Location of the secret."),
            FieldSchema.Int("version", "On a read, the version to return; the latest version when unset or 0."),
            FieldSchema.Map("options", "Write options. \"cas\" makes the write a check-and-set: it succeeds only if cas equals the key's current version, and 0 means the key must not have versions yet."),
            FieldSchema.Map("data", "The secret's content: any JSON object, stored as the new version (or, on a patch, merged into the latest one)."),
        ],
        Handlers.Of(
            (Operation.Read, (request, data, ct) => ReadAsync(store, request, data, ct)),
            (Operation.Create, (request, data, ct) => WriteAsync(store, request, data, ct)),
            (Operation.Update, (request, data, ct) => WriteAsync(store, request, data, ct)),
            (Operation.Patch, (request, data, ct) => PatchAsync(store, request, data, ct)),
            (Operation.Delete, (request, data, ct) => DeleteLatestAsync(store, request, data, ct))))
    {
        ExistenceCheck = (request, data, ct) => store.CheckMetadataExistsAsync(request, data.GetString("path"), ct),
        Synopsis = "Write, patch, read and delete versions of a secret in the versioned key-value store.",
        Description =
            "A read returns the latest version of the secret, or the version named by \"version\", with its " +
            "metadata; a deleted or destroyed version answers 404 with the metadata alone. A write stores \"data\" " +
            "as a new version; the older versions stay until max_versions pushes them out. A patch merges \"data\" " +
            "into the latest version (JSON merge patch) and stores the result as a new version; the latest version " +
            "must exist and be readable. Writes and patches honour \"options.cas\". A delete marks the latest " +
            "version deleted; it can be undone with undelete.",
    };

    private static Task<LogicalResponse?> ReadAsync(KvV2Store store, LogicalRequest request, FieldData data, CancellationToken cancellationToken) =>
        store.ReadConsistentAsync(
            KvRequestStorage.Of(request),
            data.GetString("path"),
            data.GetInt("version"),
            (metadata, version, state, content) => content is null
                ? KvNotFound.WithBody(request, KvViews.Read(null, version, state, metadata))
                : LogicalResponse.WithData(KvViews.Read(content, version, state, metadata)),
            cancellationToken);

    private static async Task<LogicalResponse?> WriteAsync(KvV2Store store, LogicalRequest request, FieldData data, CancellationToken cancellationToken)
    {
        var key = data.GetString("path");
        var content = data.GetMap("data") ?? throw CofferException.BadRequest("no data provided");
        var storage = KvRequestStorage.Of(request);
        using var keyLock = await store.Locks.AcquireAsync(key, cancellationToken).ConfigureAwait(false);
        var config = await store.ReadConfigAsync(storage, cancellationToken).ConfigureAwait(false);
        var metadata = await store.ReadMetadataForWriteAsync(request, key, cancellationToken).ConfigureAwait(false) ?? KvKeyMetadata.New(key);
        KvCheckAndSet.Verify(data, config, metadata);
        return await store.AddVersionAsync(storage, config, metadata, content, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<LogicalResponse?> PatchAsync(KvV2Store store, LogicalRequest request, FieldData data, CancellationToken cancellationToken)
    {
        var key = data.GetString("path");
        var patch = data.GetMap("data") ?? throw CofferException.BadRequest("no data provided");
        var storage = KvRequestStorage.Of(request);
        using var keyLock = await store.Locks.AcquireAsync(key, cancellationToken).ConfigureAwait(false);
        var metadata = await store.ReadMetadataAsync(storage, key, cancellationToken).ConfigureAwait(false)
            ?? throw CofferException.NotFound();
        var config = await store.ReadConfigAsync(storage, cancellationToken).ConfigureAwait(false);
        KvCheckAndSet.Verify(data, config, metadata);

        var latest = metadata.CurrentVersion;
        var state = metadata.Version(latest) ?? throw CofferException.NotFound();
        if (!state.IsLiveAt(store.Now))
        {
            // Vault answers with the version's metadata, flat, as the body of the 404.
            return KvNotFound.WithBody(request, KvViews.Version(latest, state, metadata));
        }

        var current = await store.ReadVersionDataAsync(storage, key, latest, cancellationToken).ConfigureAwait(false);
        var merged = (JsonObject)JsonMergePatch.Apply(current, patch)!;
        return await store.AddVersionAsync(storage, config, metadata, merged, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<LogicalResponse?> DeleteLatestAsync(KvV2Store store, LogicalRequest request, FieldData data, CancellationToken cancellationToken)
    {
        var key = data.GetString("path");
        var storage = KvRequestStorage.Of(request);
        using var keyLock = await store.Locks.AcquireAsync(key, cancellationToken).ConfigureAwait(false);
        var metadata = await store.ReadMetadataAsync(storage, key, cancellationToken).ConfigureAwait(false);
        var now = store.Now;
        if (metadata?.Version(metadata.CurrentVersion) is not { } latest || !latest.IsLiveAt(now))
        {
            return null;
        }

        latest.DeletionTime = now;
        await new KvTransaction().PutMetadata(metadata).CommitAsync(storage, cancellationToken).ConfigureAwait(false);
        return null;
    }
}
