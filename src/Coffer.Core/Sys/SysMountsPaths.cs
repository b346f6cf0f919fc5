using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Core.Routing;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Framework;
using Coffer.Sdk.Helpers;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Sys;

/// <summary>
/// The mount table over HTTP: <c>sys/mounts</c> (list, enable, read, disable, tune), <c>sys/remount</c> and
/// <c>sys/internal/ui/mounts</c>, which the <c>kv</c> CLI uses to find a mount's version.
/// </summary>
internal static class SysMountsPaths
{
    private static readonly FieldSchema[] TuneFields =
    [
        FieldSchema.Raw("default_lease_ttl", "Default lease TTL for the mount (duration or \"system\")."),
        FieldSchema.Raw("max_lease_ttl", "Maximum lease TTL for the mount (duration or \"system\")."),
        FieldSchema.String("description", "Human-friendly description of the mount."),
        FieldSchema.StringMap("options", "Mount options, such as version for kv."),
        FieldSchema.StringList("audit_non_hmac_request_keys", "Accepted for compatibility."),
        FieldSchema.StringList("audit_non_hmac_response_keys", "Accepted for compatibility."),
        FieldSchema.String("listing_visibility", "Accepted for compatibility."),
        FieldSchema.StringList("passthrough_request_headers", "Accepted for compatibility."),
        FieldSchema.String("plugin_version", "Accepted for compatibility."),
    ];

    public static IEnumerable<PathSpec> Create(CofferCore core) =>
    [
        new PathSpec("mounts", [], Handlers.Of((Operation.Read, (_, _, _) => Task.FromResult<LogicalResponse?>(ListMounts(core)))))
        {
            Synopsis = "List the currently mounted backends.",
        },
        new PathSpec("mounts/(?<path>.+?)/tune", [FieldSchema.String("path", "The mount path."), .. TuneFields], Handlers.Of(
            (Operation.Read, (_, data, _) => Task.FromResult<LogicalResponse?>(ReadTune(core, data.GetString("path")))),
            (Operation.Update, (_, data, ct) => TuneAsync(core, data, ct))))
        {
            Synopsis = "Tune backend configuration parameters for this mount.",
        },
        new PathSpec("mounts/(?<path>.+)", [
                FieldSchema.String("path", "The path to mount to."),
                FieldSchema.String("type", "The type of the backend, such as \"kv\"."),
                FieldSchema.String("description", "User-friendly description for this mount."),
                FieldSchema.Map("config", "Configuration for this mount, such as default_lease_ttl and max_lease_ttl."),
                FieldSchema.StringMap("options", "The options to pass into the backend, such as version for kv."),
                FieldSchema.Bool("local", "Mark the mount as local (not replicated to performance secondaries)."),
                FieldSchema.Bool("seal_wrap", "Accepted for compatibility; has no effect."),
                FieldSchema.Bool("external_entropy_access", "Accepted for compatibility."),
                FieldSchema.String("plugin_name", "Legacy alias of type."),
                FieldSchema.String("plugin_version", "Accepted for compatibility."),
            ],
            Handlers.Of(
                (Operation.Read, (_, data, _) => Task.FromResult<LogicalResponse?>(ReadMount(core, data.GetString("path")))),
                (Operation.Update, (_, data, ct) => EnableAsync(core, data, ct)),
                (Operation.Delete, async (_, data, ct) =>
                {
                    await core.DisableMountAsync(data.GetString("path"), ct).ConfigureAwait(false);
                    return null;
                })))
        {
            Synopsis = "Mount a new backend at a new path, read its configuration, or unmount it.",
        },
        new PathSpec("remount", [FieldSchema.String("from", "The previous mount point."), FieldSchema.String("to", "The new mount point.")],
            Handlers.Of(Handlers.Write(async (_, data, ct) =>
            {
                await core.RemountAsync(data.GetString("from"), data.GetString("to"), ct).ConfigureAwait(false);
                return new LogicalResponse
                {
                    InjectDataAtTopLevel = true,
                    Data = new JsonObject { ["migration_id"] = Guid.NewGuid().ToString() },
                };
            })))
        {
            Synopsis = "Move the mount point of an already-mounted backend. The move is complete when this returns.",
        },
        new PathSpec("internal/ui/mounts", [], Handlers.Of((Operation.Read, (_, _, _) => Task.FromResult<LogicalResponse?>(UiMounts(core)))))
        {
            Synopsis = "Lists the mounts, for user interfaces and the kv command.",
        },
        new PathSpec("internal/ui/mounts/(?<path>.+)", [FieldSchema.String("path", "The path of a secret inside a mount.")],
            Handlers.Of((Operation.Read, (_, data, _) => Task.FromResult<LogicalResponse?>(UiMount(core, data.GetString("path"))))))
        {
            Synopsis = "Describes the mount that serves a path, for user interfaces and the kv command.",
        },
    ];

    private static LogicalResponse ListMounts(CofferCore core)
    {
        var data = new JsonObject();
        foreach (var entry in core.Mounts.Entries.Where(e => !e.Path.StartsWith("auth/", StringComparison.Ordinal)).OrderBy(e => e.Path, StringComparer.Ordinal))
        {
            data[entry.Path] = MountJson.Describe(entry);
        }

        return new LogicalResponse { Data = data, InjectDataAtTopLevel = true };
    }

    private static MountEntry Find(CofferCore core, string path) =>
        core.Mounts.Find(CofferCore.NormalizeMountPath(path))
        ?? throw CofferException.BadRequest($"No secret engine mount at {path.Trim('/')}/");

    private static LogicalResponse ReadMount(CofferCore core, string path) =>
        new() { Data = MountJson.Describe(Find(core, path)) };

    private static LogicalResponse ReadTune(CofferCore core, string path)
    {
        var entry = Find(core, path);
        var data = new JsonObject
        {
            ["default_lease_ttl"] = Effective(entry.DefaultLeaseTtlSeconds, core.Options.DefaultLeaseTtl),
            ["max_lease_ttl"] = Effective(entry.MaxLeaseTtlSeconds, core.Options.MaxLeaseTtl),
            ["force_no_cache"] = false,
            ["description"] = entry.Description,
        };
        if (entry.Options.Count > 0)
        {
            data["options"] = entry.Options.DeepClone();
        }

        return new LogicalResponse { Data = data };
    }

    private static long Effective(long mountSeconds, TimeSpan system) => mountSeconds != 0 ? mountSeconds : (long)system.TotalSeconds;

    private static async Task<LogicalResponse?> EnableAsync(CofferCore core, FieldData data, CancellationToken cancellationToken)
    {
        var type = data.GetString("type");
        if (type.Length == 0)
        {
            type = data.GetString("plugin_name");
        }

        if (type.Length == 0)
        {
            throw CofferException.BadRequest("backend type must be specified as a string");
        }

        var options = new JsonObject();
        foreach (var (key, value) in data.GetStringMap("options"))
        {
            options[key] = value;
        }

        // "kv-v2" is Vault's shorthand for kv with version 2.
        if (type == "kv-v2")
        {
            type = "kv";
            options["version"] = "2";
        }

        var config = data.GetMap("config");
        var entry = BuiltinMounts.New(data.GetString("path"), type, data.GetString("description"), core.Time, builtIn: false) with
        {
            Options = options,
            Local = data.GetBool("local"),
            DefaultLeaseTtlSeconds = Seconds(config?["default_lease_ttl"], "default_lease_ttl"),
            MaxLeaseTtlSeconds = Seconds(config?["max_lease_ttl"], "max_lease_ttl"),
        };
        await core.EnableMountAsync(entry, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static async Task<LogicalResponse?> TuneAsync(CofferCore core, FieldData data, CancellationToken cancellationToken)
    {
        var entry = Find(core, data.GetString("path"));
        var updated = entry;
        if (data.IsSet("default_lease_ttl"))
        {
            updated = updated with { DefaultLeaseTtlSeconds = Seconds(data.Raw["default_lease_ttl"], "default_lease_ttl") };
        }

        if (data.IsSet("max_lease_ttl"))
        {
            updated = updated with { MaxLeaseTtlSeconds = Seconds(data.Raw["max_lease_ttl"], "max_lease_ttl") };
        }

        if (updated.MaxLeaseTtlSeconds != 0 && updated.DefaultLeaseTtlSeconds > updated.MaxLeaseTtlSeconds)
        {
            throw CofferException.BadRequest("backend max lease TTL cannot be less than default lease TTL");
        }

        if (data.IsSet("description"))
        {
            updated = updated with { Description = data.GetString("description") };
        }

        if (data.IsSet("options"))
        {
            var options = (JsonObject)entry.Options.DeepClone();
            foreach (var (key, value) in data.GetStringMap("options"))
            {
                if (key == "version" && entry.Options["version"]?.GetValue<string>() is { } current && string.CompareOrdinal(value, current) < 0)
                {
                    throw CofferException.BadRequest("cannot downgrade mount from version 2");
                }

                options[key] = value;
            }

            updated = updated with { Options = options };
        }

        await core.TuneMountAsync(updated, cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>A TTL given as seconds, a duration string, or "system" (meaning: use the system value, 0).</summary>
    private static long Seconds(JsonNode? node, string field)
    {
        if (node is null || (node is JsonValue text && text.GetValueKind() == JsonValueKind.String && text.GetValue<string>() is "" or "system"))
        {
            return 0;
        }

        // Held to the range of a duration string, so that no later expiry computation overflows.
        return JsonDuration.TryRead(node, out var duration)
            ? (long)duration.TotalSeconds
            : throw CofferException.BadRequest($"unable to parse {field}: invalid duration");
    }

    private static LogicalResponse UiMounts(CofferCore core)
    {
        var secret = new JsonObject();
        var auth = new JsonObject();
        foreach (var entry in core.Mounts.Entries.OrderBy(e => e.Path, StringComparer.Ordinal))
        {
            if (entry.Path.StartsWith("auth/", StringComparison.Ordinal))
            {
                auth[entry.Path["auth/".Length..]] = MountJson.Describe(entry);
            }
            else
            {
                secret[entry.Path] = MountJson.Describe(entry);
            }
        }

        return new LogicalResponse { Data = new JsonObject { ["secret"] = secret, ["auth"] = auth } };
    }

    private static LogicalResponse UiMount(CofferCore core, string path)
    {
        var entry = core.Mounts.Match(path.TrimStart('/'))
            ?? throw CofferException.BadRequest($"Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv get' for this operation.");
        var data = MountJson.Describe(entry);
        data["path"] = entry.Path;
        return new LogicalResponse { Data = data };
    }
}
