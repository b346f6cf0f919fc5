using Coffer.Sdk.Errors;
using Coffer.Sdk.Framework;
using Coffer.Sdk.Logical;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary><c>config</c>: the mount-wide defaults every key of a KV v2 mount falls back to.</summary>
internal static class KvConfigPaths
{
    private const string MaxVersionsField = "max_versions";
    private const string CasRequiredField = "cas_required";
    private const string DeleteVersionAfterField = "delete_version_after";

    public static PathSpec Create(KvV2Store store) => new(
        "config",
        [
            FieldSchema.Int(MaxVersionsField, "The number of versions to keep for each key; 0 means 10."),
            FieldSchema.Bool(CasRequiredField, "If true, every write to every key must carry options.cas."),
            FieldSchema.Duration(DeleteVersionAfterField, "How long after its creation a version is deleted. 0 clears the setting; a negative duration turns it off for every key, whatever the key says."),
        ],
        Handlers.Of(
            (Operation.Read, (request, _, ct) => ReadAsync(store, request, ct)),
            (Operation.Create, (request, data, ct) => WriteAsync(store, request, data, ct)),
            (Operation.Update, (request, data, ct) => WriteAsync(store, request, data, ct))))
    {
        Synopsis = "Configures the settings every key of the versioned key-value store starts from.",
        Description =
            "max_versions, cas_required and delete_version_after apply to every key that does not set its own. " +
            "A key's max_versions replaces the mount's; for delete_version_after the shorter of the two applies; " +
            "cas_required is enforced when either the mount or the key asks for it.",
    };

    private static async Task<LogicalResponse?> ReadAsync(KvV2Store store, LogicalRequest request, CancellationToken cancellationToken)
    {
        var config = await store.ReadConfigAsync(KvRequestStorage.Of(request), cancellationToken).ConfigureAwait(false);
        return LogicalResponse.WithData(KvViews.Config(config));
    }

    private static async Task<LogicalResponse?> WriteAsync(KvV2Store store, LogicalRequest request, FieldData data, CancellationToken cancellationToken)
    {
        if (!data.IsSet(MaxVersionsField) && !data.IsSet(CasRequiredField) && !data.IsSet(DeleteVersionAfterField))
        {
            return null;
        }

        long? maxVersions = data.IsSet(MaxVersionsField) ? data.GetInt(MaxVersionsField) : null;
        if (maxVersions < 0)
        {
            throw CofferException.BadRequest($"error converting input for field \"{MaxVersionsField}\": cannot provide negative value '{maxVersions}'");
        }

        bool? casRequired = data.IsSet(CasRequiredField) ? data.GetBool(CasRequiredField) : null;

        // Any negative value means "off" and is kept as -1s, which is what a read then shows.
        long? deleteAfter = data.IsSet(DeleteVersionAfterField) ? Math.Max(-1, (long)data.GetDuration(DeleteVersionAfterField).TotalSeconds) : null;

        await store.UpdateConfigAsync(KvRequestStorage.Of(request), config =>
        {
            config.MaxVersions = maxVersions ?? config.MaxVersions;
            config.CasRequired = casRequired ?? config.CasRequired;
            config.DeleteVersionAfterSeconds = deleteAfter ?? config.DeleteVersionAfterSeconds;
        }, cancellationToken).ConfigureAwait(false);
        return null;
    }
}
