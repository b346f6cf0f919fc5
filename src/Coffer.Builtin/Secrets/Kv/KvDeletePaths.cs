using Coffer.Sdk.Framework;
using Coffer.Sdk.Logical;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>
/// <c>delete/:path</c>, <c>undelete/:path</c> and <c>destroy/:path</c>: change the state of chosen versions.
/// Versions that do not exist, or are already destroyed, are skipped without error, as in Vault.
/// </summary>
internal static class KvDeletePaths
{
    public static IEnumerable<PathSpec> Create(KvV2Store store) =>
    [
        Spec(
            "delete",
            "The versions to mark deleted. Their data is kept and can be restored with undelete.",
            (request, data, ct) => DeleteAsync(store, request, data, ct),
            "Marks versions of a secret deleted.",
            "A deleted version is no longer returned by reads, but its data is kept: undelete restores it. " +
            "Versions already deleted or destroyed are left as they are."),
        Spec(
            "undelete",
            "The versions to restore. Destroyed versions cannot be restored.",
            (request, data, ct) => UndeleteAsync(store, request, data, ct),
            "Restores deleted versions of a secret.",
            "Clears the deletion of the given versions so that reads return them again. When delete_version_after " +
            "applies, a restored version gets a new deletion time counted from now."),
        Spec(
            "destroy",
            "The versions to destroy. Their data is removed for good.",
            (request, data, ct) => DestroyAsync(store, request, data, ct),
            "Permanently removes versions of a secret.",
            "Removes the data of the given versions from storage; their metadata stays, marked destroyed. " +
            "This cannot be undone."),
    ];

    private static PathSpec Spec(string verb, string versionsHelp, PathHandler handler, string synopsis, string description) => new(
        verb + "/" + PathPatterns.OptionalRest("path"),
        [
            FieldSchema.String("path", "Location of the secret."),
            FieldSchema.StringList(KvVersionNumbers.Field, versionsHelp),
        ],
        Handlers.Of(Handlers.Write(handler)))
    {
        Synopsis = synopsis,
        Description = description,
    };

    private static Task<LogicalResponse?> DeleteAsync(KvV2Store store, LogicalRequest request, FieldData data, CancellationToken cancellationToken) =>
        ChangeVersionsAsync(store, request, data, "No version number provided", (_, _, state, now, _) =>
        {
            if (!state.IsLiveAt(now))
            {
                return false;
            }

            state.DeletionTime = now;
            return true;
        }, cancellationToken);

    private static async Task<LogicalResponse?> UndeleteAsync(KvV2Store store, LogicalRequest request, FieldData data, CancellationToken cancellationToken)
    {
        var config = await store.ReadConfigAsync(KvRequestStorage.Of(request), cancellationToken).ConfigureAwait(false);
        return await ChangeVersionsAsync(store, request, data, "No version number provided", (metadata, _, state, now, _) =>
        {
            if (state.Destroyed)
            {
                return false;
            }

            state.DeletionTime = config.DeletionTimeFor(now, metadata);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    private static Task<LogicalResponse?> DestroyAsync(KvV2Store store, LogicalRequest request, FieldData data, CancellationToken cancellationToken) =>
        ChangeVersionsAsync(store, request, data, "no version number provided", (metadata, version, state, _, transaction) =>
        {
            if (state.Destroyed)
            {
                return false;
            }

            state.Destroyed = true;
            transaction.DeleteVersion(metadata.Key, version);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to each listed version that exists, under the key's lock, and commits
    /// the metadata (with whatever the change added to the transaction) once, if anything changed.
    /// </summary>
    private static async Task<LogicalResponse?> ChangeVersionsAsync(
        KvV2Store store,
        LogicalRequest request,
        FieldData data,
        string emptyMessage,
        Func<KvKeyMetadata, long, KvVersionMetadata, DateTimeOffset, KvTransaction, bool> change,
        CancellationToken cancellationToken)
    {
        var key = data.GetString("path");
        var versions = KvVersionNumbers.Parse(data, emptyMessage);
        var storage = KvRequestStorage.Of(request);
        using var keyLock = await store.Locks.AcquireAsync(key, cancellationToken).ConfigureAwait(false);
        if (await store.ReadMetadataAsync(storage, key, cancellationToken).ConfigureAwait(false) is not { } metadata)
        {
            return null;
        }

        var now = store.Now;
        var transaction = new KvTransaction();
        var changed = false;
        foreach (var version in versions.Distinct())
        {
            if (metadata.Version(version) is { } state)
            {
                changed |= change(metadata, version, state, now, transaction);
            }
        }

        if (changed)
        {
            await transaction.PutMetadata(metadata).CommitAsync(storage, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }
}
