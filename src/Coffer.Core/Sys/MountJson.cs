using System.Text.Json.Nodes;
using Coffer.Core.Routing;

namespace Coffer.Core.Sys;

/// <summary>A mount entry in the JSON shape of <c>sys/mounts</c>.</summary>
internal static class MountJson
{
    public static JsonObject Describe(MountEntry entry) => new()
    {
        ["accessor"] = entry.Accessor,
        ["config"] = Config(entry),
        ["description"] = entry.Description,
        ["external_entropy_access"] = false,
        ["local"] = entry.Local,
        ["options"] = entry.Options.Count == 0 && entry.Type != "kv" ? null : entry.Options.DeepClone(),
        ["plugin_version"] = string.Empty,
        ["running_plugin_version"] = $"v{AssemblyVersion}+builtin",
        ["running_sha256"] = string.Empty,
        ["seal_wrap"] = entry.SealWrap,
        ["type"] = entry.Type,
        ["uuid"] = entry.Uuid,
    };

    public static JsonObject Config(MountEntry entry) => new()
    {
        ["default_lease_ttl"] = entry.DefaultLeaseTtlSeconds,
        ["force_no_cache"] = false,
        ["max_lease_ttl"] = entry.MaxLeaseTtlSeconds,
    };

    private static readonly string AssemblyVersion = typeof(MountJson).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
