using System.Globalization;
using System.Text.Json.Nodes;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>
/// The JSON objects KV v2 answers with. Keys are written in ordinal order, as Vault's Go maps serialise them.
/// </summary>
internal static class KvViews
{
    /// <summary>One version as write, patch and read responses describe it.</summary>
    public static JsonObject Version(long version, KvVersionMetadata state, KvKeyMetadata key) => new()
    {
        ["created_time"] = KvTime.Format(state.CreatedTime),
        ["custom_metadata"] = CustomMetadata(key),
        ["deletion_time"] = KvTime.Format(state.DeletionTime),
        ["destroyed"] = state.Destroyed,
        ["version"] = version,
    };

    /// <summary>The body of a data read: <c>data</c> is null for a deleted or destroyed version.</summary>
    public static JsonObject Read(JsonObject? data, long version, KvVersionMetadata state, KvKeyMetadata key) => new()
    {
        ["data"] = data,
        ["metadata"] = Version(version, state, key),
    };

    /// <summary>The body of a metadata read.</summary>
    public static JsonObject Metadata(KvKeyMetadata key)
    {
        var versions = new JsonObject();
        foreach (var (number, state) in key.Versions
            .Select(pair => (Number: pair.Key.ToString(CultureInfo.InvariantCulture), State: pair.Value))
            .OrderBy(pair => pair.Number, StringComparer.Ordinal))
        {
            versions[number] = new JsonObject
            {
                ["created_time"] = KvTime.Format(state.CreatedTime),
                ["deletion_time"] = KvTime.Format(state.DeletionTime),
                ["destroyed"] = state.Destroyed,
            };
        }

        return new JsonObject
        {
            ["cas_required"] = key.CasRequired,
            ["created_time"] = KvTime.Format(key.CreatedTime),
            ["current_version"] = key.CurrentVersion,
            ["custom_metadata"] = CustomMetadata(key),
            ["delete_version_after"] = KvTime.GoDurationString(key.DeleteVersionAfterSeconds),
            ["max_versions"] = key.MaxVersions,
            ["oldest_version"] = key.OldestVersion,
            ["updated_time"] = KvTime.Format(key.UpdatedTime),
            ["versions"] = versions,
        };
    }

    public static JsonObject Config(KvConfig config) => new()
    {
        ["cas_required"] = config.CasRequired,
        ["delete_version_after"] = KvTime.GoDurationString(config.DeleteVersionAfterSeconds),
        ["max_versions"] = config.MaxVersions,
    };

    private static JsonObject? CustomMetadata(KvKeyMetadata key)
    {
        if (key.CustomMetadata is null)
        {
            return null;
        }

        var result = new JsonObject();
        foreach (var (name, value) in key.CustomMetadata.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            result[name] = value;
        }

        return result;
    }
}
