using System.Text.Json.Nodes;
using Coffer.Core.Tokens;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Framework;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Sys;

/// <summary><c>sys/capabilities</c>, <c>-self</c> and <c>-accessor</c>: what a token may do on paths.</summary>
internal static class SysCapabilitiesPaths
{
    private static readonly FieldSchema Paths = FieldSchema.StringList("paths", "Paths on which capabilities are being queried.");
    private static readonly FieldSchema LegacyPath = FieldSchema.StringList("path", "Deprecated alias of paths.");

    public static IEnumerable<PathSpec> Create(CofferCore core) =>
    [
        new PathSpec("capabilities", [FieldSchema.String("token", "Token whose capabilities are checked."), Paths, LegacyPath],
            Handlers.Of(Handlers.Write(async (_, data, ct) =>
            {
                var token = data.GetString("token");
                if (token.Length == 0)
                {
                    throw CofferException.BadRequest("missing token");
                }

                var entry = await core.Tokens.LookupAsync(token, ct).ConfigureAwait(false) ?? throw CofferException.BadRequest("invalid token");
                return await ReportAsync(core, entry, data, ct).ConfigureAwait(false);
            })))
        {
            Synopsis = "Fetches the capabilities of the given token on the given paths.",
        },
        new PathSpec("capabilities-self", [FieldSchema.String("token", "Ignored; the calling token is used."), Paths, LegacyPath],
            Handlers.Of(Handlers.Write(async (request, data, ct) =>
            {
                var entry = await core.AuthenticateAsync(request.ClientToken, ct).ConfigureAwait(false);
                return await ReportAsync(core, entry, data, ct).ConfigureAwait(false);
            })))
        {
            Synopsis = "Fetches the capabilities of the calling token on the given paths.",
        },
        new PathSpec("capabilities-accessor", [FieldSchema.String("accessor", "Accessor of the token."), Paths, LegacyPath],
            Handlers.Of(Handlers.Write(async (_, data, ct) =>
            {
                var accessor = data.GetString("accessor");
                if (accessor.Length == 0)
                {
                    throw CofferException.BadRequest("missing accessor");
                }

                var entry = await core.Tokens.LookupByAccessorAsync(accessor, ct).ConfigureAwait(false) ?? throw CofferException.BadRequest("invalid accessor");
                return await ReportAsync(core, entry, data, ct).ConfigureAwait(false);
            })))
        {
            Synopsis = "Fetches the capabilities of the token with the given accessor on the given paths.",
        },
    ];

    private static async Task<LogicalResponse> ReportAsync(CofferCore core, TokenEntry entry, FieldData data, CancellationToken cancellationToken)
    {
        var paths = data.GetStringList("paths");
        if (paths.Count == 0)
        {
            paths = data.GetStringList("path");
        }

        if (paths.Count == 0)
        {
            throw CofferException.BadRequest("paths must be supplied");
        }

        var acl = await core.Policies.AclForAsync(entry.Policies, cancellationToken).ConfigureAwait(false);
        var result = new JsonObject();
        foreach (var path in paths)
        {
            result[path] = ToArray(acl.Capabilities(path.TrimStart('/')));
        }

        if (paths.Count == 1)
        {
            result["capabilities"] = ToArray(acl.Capabilities(paths[0].TrimStart('/')));
        }

        return new LogicalResponse { Data = result, InjectDataAtTopLevel = true };
    }

    private static JsonArray ToArray(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)v)]);
}
