using System.Text;
using System.Text.Json.Nodes;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Framework;
using Coffer.Sdk.Helpers;
using Coffer.Sdk.Logical;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>
/// KV version 1: any path below the mount holds one JSON object, stored as-is at that path in the mount's
/// storage. Writes replace the whole object; there are no versions.
/// </summary>
internal static class KvV1Paths
{
    /// <summary>
    /// What a read reports as <c>lease_duration</c> when the secret has no <c>ttl</c>: Vault's default lease TTL
    /// (768h). Vault reports the mount's tuned default here; this backend does not see mount tuning.
    /// </summary>
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromHours(768);

    public static PathSpec Create() => new(
        // "path" is deliberately not a declared field: the secret may hold a field named "path" of any type,
        // and the capture (the secret's location) is added to the field data regardless.
        PathPatterns.OptionalRest("path"),
        [],
        Handlers.Of(
            (Operation.Read, ReadAsync),
            (Operation.Create, WriteAsync),
            (Operation.Update, WriteAsync),
            (Operation.Delete, DeleteAsync),
            (Operation.List, ListAsync)))
    {
        AcceptsUnknownFields = true,
        ExistenceCheck = async (request, data, ct) =>
            await KvRequestStorage.Of(request).GetAsync(data.GetString("path"), ct).ConfigureAwait(false) is not null,
        Synopsis = "Stores arbitrary secrets, one JSON object per path.",
        Description =
            "A write stores the request's fields, whatever they are, as the secret at this path, replacing what was " +
            "there; a read returns them. A \"ttl\" field (or \"lease\") is kept like any other and also sets the " +
            "lease_duration that reads report, a hint for how often to read the secret again. A delete removes the " +
            "secret; a list returns the secrets below a folder, folders ending in '/'.",
    };

    private static async Task<LogicalResponse?> ReadAsync(LogicalRequest request, FieldData data, CancellationToken cancellationToken)
    {
        var entry = await KvRequestStorage.Of(request).GetAsync(data.GetString("path"), cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return null;
        }

        var secret = JsonNode.Parse(entry.Value) as JsonObject
            ?? throw new CofferException(ErrorKind.Internal, "json decoding failed: the stored secret is not an object");
        return new LogicalResponse { Data = secret, LeaseDuration = (long)RefreshInterval(secret).TotalSeconds };
    }

    private static async Task<LogicalResponse?> WriteAsync(LogicalRequest request, FieldData data, CancellationToken cancellationToken)
    {
        var key = data.GetString("path");
        if (key.Length == 0)
        {
            throw CofferException.BadRequest("missing path");
        }

        // The request's own fields, not the field data: that one also holds the path capture.
        if (request.Data.Count == 0)
        {
            throw CofferException.BadRequest("missing data fields");
        }

        var bytes = CanonicalJson.ToUtf8Bytes(request.Data);
        await KvRequestStorage.Of(request).PutAsync(new StorageEntry(key, bytes), cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static async Task<LogicalResponse?> DeleteAsync(LogicalRequest request, FieldData data, CancellationToken cancellationToken)
    {
        await KvRequestStorage.Of(request).DeleteAsync(data.GetString("path"), cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static async Task<LogicalResponse?> ListAsync(LogicalRequest request, FieldData data, CancellationToken cancellationToken)
    {
        var prefix = data.GetString("path");
        if (prefix.Length > 0 && !prefix.EndsWith('/'))
        {
            prefix += "/";
        }

        var keys = await KvRequestStorage.Of(request).ListAsync(prefix, cancellationToken).ConfigureAwait(false);
        return LogicalResponse.ListOf(keys);
    }

    // "ttl" (or the older "lease") as a duration string or a number of seconds; anything unparsable is ignored.
    private static TimeSpan RefreshInterval(JsonObject secret) =>
        JsonDuration.TryRead(secret["ttl"] ?? secret["lease"], out var ttl) ? ttl : DefaultRefreshInterval;
}
