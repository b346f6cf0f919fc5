using System.Text.Json.Nodes;
using Coffer.Core.Audit;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Framework;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Sys;

/// <summary><c>sys/audit</c>, <c>sys/audit/:path</c> and <c>sys/audit-hash/:path</c>.</summary>
internal static class SysAuditPaths
{
    public static IEnumerable<PathSpec> Create(CofferCore core) =>
    [
        new PathSpec("audit", [], Handlers.Of((Operation.Read, (_, _, _) =>
        {
            var data = new JsonObject();
            foreach (var entry in core.Audit.Devices)
            {
                data[entry.Path] = entry.Describe();
            }

            return Task.FromResult<LogicalResponse?>(new LogicalResponse { Data = data, InjectDataAtTopLevel = true });
        })))
        {
            Synopsis = "List the enabled audit devices.",
        },
        new PathSpec("audit-hash/(?<path>.+)", [FieldSchema.String("path", "The audit device."), FieldSchema.String("input", "The text to hash.")],
            Handlers.Of(Handlers.Write((_, data, _) =>
            {
                var hash = core.Audit.Hash(Normalize(data.GetString("path")), data.GetString("input"))
                    ?? throw CofferException.BadRequest("unknown audit backend");
                return Task.FromResult<LogicalResponse?>(new LogicalResponse { Data = new JsonObject { ["hash"] = hash }, InjectDataAtTopLevel = true });
            })))
        {
            Synopsis = "Hash a string with an audit device's HMAC, to find it in the audit log.",
        },
        new PathSpec("audit/(?<path>.+)", [
                FieldSchema.String("path", "Where to enable the device."),
                FieldSchema.String("type", "The type of the device, such as file."),
                FieldSchema.String("description", "User-friendly description."),
                FieldSchema.StringMap("options", "Device options, such as file_path, log_raw, hmac_accessor, mode, format and prefix."),
                FieldSchema.Bool("local", "Mark the device as local to this cluster."),
            ],
            Handlers.Of(
                (Operation.Update, async (_, data, ct) =>
                {
                    var type = data.GetString("type");
                    if (type.Length == 0)
                    {
                        throw CofferException.BadRequest("audit type must be specified");
                    }

                    var options = data.GetStringMap("options").ToDictionary(StringComparer.Ordinal);
                    AuditDeviceOptions.Validate(options, core.Options.AllowAuditLogPrefixing);

                    await core.Audit.EnableAsync(new AuditDeviceEntry
                    {
                        Path = Normalize(data.GetString("path")),
                        Type = type,
                        Description = data.GetString("description"),
                        Options = options,
                        Local = data.GetBool("local"),
                    }, ct).ConfigureAwait(false);
                    return null;
                }),
                (Operation.Delete, async (_, data, ct) =>
                {
                    await core.Audit.DisableAsync(Normalize(data.GetString("path")), ct).ConfigureAwait(false);
                    return null;
                })))
        {
            Synopsis = "Enable or disable an audit device.",
        },
    ];

    private static string Normalize(string path) => path.Trim('/') + "/";
}
