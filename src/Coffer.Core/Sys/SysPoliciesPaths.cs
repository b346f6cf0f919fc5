using System.Text;
using System.Text.Json.Nodes;
using Coffer.Core.Policies;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Framework;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Sys;

/// <summary>ACL policies: the modern <c>sys/policies/acl</c> and the legacy <c>sys/policy</c> (key <c>rules</c>).</summary>
internal static class SysPoliciesPaths
{
    private const string NamePattern = "(?<name>.+)";

    public static IEnumerable<PathSpec> Create(CofferCore core) =>
    [
        new PathSpec("policies/acl/?", [], Handlers.Of((Operation.List, async (_, _, ct) =>
            LogicalResponse.ListOf(await core.Policies.ListAsync(ct).ConfigureAwait(false)))))
        {
            Synopsis = "List the configured ACL policies.",
        },
        new PathSpec("policies/acl/" + NamePattern, [FieldSchema.String("name", "The name of the policy."), FieldSchema.String("policy", "The policy document, HCL or JSON, optionally base64-encoded.")],
            Handlers.Of(
                (Operation.Read, async (_, data, ct) => await ReadAsync(core, data, "policy", ct).ConfigureAwait(false)),
                (Operation.Update, async (_, data, ct) => await WriteAsync(core, data, data.GetString("policy"), ct).ConfigureAwait(false)),
                (Operation.Delete, async (_, data, ct) => await DeleteAsync(core, data, ct).ConfigureAwait(false))))
        {
            Synopsis = "Read, write or delete an ACL policy.",
        },
        new PathSpec("policy/?", [], Handlers.Of(
            (Operation.Read, async (_, _, ct) => await LegacyListAsync(core, ct).ConfigureAwait(false)),
            (Operation.List, async (_, _, ct) => await LegacyListAsync(core, ct).ConfigureAwait(false))))
        {
            Synopsis = "List the configured access control policies (legacy form).",
        },
        new PathSpec("policy/" + NamePattern, [
                FieldSchema.String("name", "The name of the policy."),
                FieldSchema.String("policy", "The policy document."),
                FieldSchema.String("rules", "Deprecated alias of policy."),
            ],
            Handlers.Of(
                (Operation.Read, async (_, data, ct) =>
                {
                    var response = await ReadAsync(core, data, "rules", ct).ConfigureAwait(false);
                    response.InjectDataAtTopLevel = true;
                    return response;
                }),
                (Operation.Update, async (_, data, ct) =>
                {
                    var text = data.GetString("policy");
                    var usedRules = text.Length == 0 && data.GetString("rules").Length > 0;
                    var response = await WriteAsync(core, data, usedRules ? data.GetString("rules") : text, ct).ConfigureAwait(false);
                    if (usedRules)
                    {
                        response ??= new LogicalResponse();
                        response.AddWarning("'rules' is deprecated, please use 'policy' instead");
                    }

                    return response;
                }),
                (Operation.Delete, async (_, data, ct) => await DeleteAsync(core, data, ct).ConfigureAwait(false))))
        {
            Synopsis = "Read, write or delete an ACL policy (legacy form).",
        },
    ];

    private static async Task<LogicalResponse> LegacyListAsync(CofferCore core, CancellationToken cancellationToken)
    {
        var names = await core.Policies.ListAsync(cancellationToken).ConfigureAwait(false);
        var response = LogicalResponse.ListOf(names);
        response.Data!["policies"] = response.Data["keys"]!.DeepClone();
        response.InjectDataAtTopLevel = true;
        return response;
    }

    private static async Task<LogicalResponse> ReadAsync(CofferCore core, FieldData data, string textKey, CancellationToken cancellationToken)
    {
        var name = PolicyNames.Normalize(data.GetString("name"));
        var text = name == BuiltinPolicies.RootName
            ? string.Empty
            : await core.Policies.GetTextAsync(name, cancellationToken).ConfigureAwait(false) ?? throw CofferException.NotFound();
        return new LogicalResponse { Data = new JsonObject { ["name"] = name, [textKey] = text } };
    }

    private static async Task<LogicalResponse?> WriteAsync(CofferCore core, FieldData data, string text, CancellationToken cancellationToken)
    {
        var requested = data.GetString("name");
        var name = PolicyNames.Normalize(requested);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw CofferException.BadRequest("'policy' parameter not supplied or empty");
        }

        await core.Policies.SetAsync(name, DecodeIfBase64(text), cancellationToken).ConfigureAwait(false);
        return PolicyNames.NormalizationWarning(requested) is { } warning ? new LogicalResponse().AddWarning(warning) : null;
    }

    private static async Task<LogicalResponse?> DeleteAsync(CofferCore core, FieldData data, CancellationToken cancellationToken)
    {
        await core.Policies.DeleteAsync(PolicyNames.Normalize(data.GetString("name")), cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>Policy text may arrive base64-encoded; Vault tries that decoding first.</summary>
    private static string DecodeIfBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) && Encoding.UTF8.GetString(buffer, 0, written) is var decoded && !decoded.Contains('\0')
            ? decoded
            : text;
    }
}
