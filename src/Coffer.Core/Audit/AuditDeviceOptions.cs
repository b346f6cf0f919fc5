using Coffer.Sdk.Errors;
using Coffer.Sdk.Helpers;

namespace Coffer.Core.Audit;

/// <summary>
/// The options every audit device takes, checked when the device is enabled: a device must never run with an option
/// it misread or silently ignores, since an audit trail that differs from what the operator asked for is found out
/// only when it is needed.
/// </summary>
internal static class AuditDeviceOptions
{
    private static readonly string[] Flags = ["log_raw", "hmac_accessor"];

    /// <summary>
    /// Options Vault documents that Coffer does not implement. Ignoring them would be worse than refusing: with
    /// <c>exclude</c> ignored, fields the operator meant to keep out of the log would be written to it.
    /// </summary>
    private static readonly string[] Unsupported = ["elide_list_responses", "exclude", "filter", "fallback"];

    /// <summary>Throws a 400 naming the first option that cannot be honoured.</summary>
    /// <param name="allowPrefixing">The server configuration's <c>allow_audit_log_prefixing</c>.</param>
    public static void Validate(IReadOnlyDictionary<string, string> options, bool allowPrefixing)
    {
        foreach (var flag in Flags)
        {
            if (options.TryGetValue(flag, out var value) && !GoBool.TryParse(value, out _))
            {
                throw CofferException.BadRequest($"unable to parse '{flag}': \"{value}\" is not a boolean");
            }
        }

        foreach (var name in Unsupported)
        {
            if (options.ContainsKey(name))
            {
                throw CofferException.BadRequest($"audit device option \"{name}\" is not supported");
            }
        }

        if (options.TryGetValue("format", out var format) && format is not ("json" or ""))
        {
            throw CofferException.BadRequest($"unknown format type \"{format}\"; only json is supported");
        }

        if (options.TryGetValue("prefix", out var prefix) && prefix.Length > 0 && !allowPrefixing)
        {
            throw CofferException.BadRequest(
                "audit device option \"prefix\" is not allowed: set allow_audit_log_prefixing = true in the server configuration to use it");
        }
    }
}
