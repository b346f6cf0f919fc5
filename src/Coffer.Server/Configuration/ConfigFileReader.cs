using Coffer.Core.Hcl;

namespace Coffer.Server.Configuration;

/// <summary>Reads the top level of one configuration file.</summary>
internal static class ConfigFileReader
{
    private static readonly string[] UnauthenticatedEndpointFamilies = ["generate-root", "rekey", "generate-operation-token"];

    public static ServerConfigBuilder Read(HclBody body, ConfigDiagnostics diagnostics)
    {
        var result = new ServerConfigBuilder();
        var storageItems = new List<HclBodyItem>();
        var backendItems = new List<HclBodyItem>();
        foreach (var item in body.Items)
        {
            switch (item.Name)
            {
                case "listener":
                    result.Listeners.AddRange(ListenerReader.Read(item, diagnostics));
                    break;
                case "storage":
                    storageItems.Add(item);
                    break;
                case "backend":
                    backendItems.Add(item);
                    break;
                case "api_addr":
                    result.ApiAddr = Url(item, diagnostics) ?? result.ApiAddr;
                    break;
                case "cluster_addr":
                    result.ClusterAddr = Url(item, diagnostics) ?? result.ClusterAddr;
                    break;
                case "disable_mlock":
                    result.DisableMlock = ConfigValues.Bool(item, diagnostics) ?? result.DisableMlock;
                    break;
                case "ui":
                    result.Ui = ConfigValues.Bool(item, diagnostics) ?? result.Ui;
                    break;
                case "allow_audit_log_prefixing":
                    result.AllowAuditLogPrefixing = ConfigValues.Bool(item, diagnostics) ?? result.AllowAuditLogPrefixing;
                    break;
                case "raw_storage_endpoint":
                    result.RawStorageEndpoint = ConfigValues.Bool(item, diagnostics) ?? result.RawStorageEndpoint;
                    break;
                case "log_level":
                    result.LogLevel = LogLevel(item, diagnostics) ?? result.LogLevel;
                    break;
                case "cluster_name":
                    result.ClusterName = ConfigValues.String(item, diagnostics) ?? result.ClusterName;
                    break;
                case "default_lease_ttl":
                    result.DefaultLeaseTtl = LeaseTtl(item, diagnostics) ?? result.DefaultLeaseTtl;
                    break;
                case "max_lease_ttl":
                    result.MaxLeaseTtl = LeaseTtl(item, diagnostics) ?? result.MaxLeaseTtl;
                    break;
                case "enable_unauthenticated_access":
                    ReadUnauthenticatedAccess(item, result, diagnostics);
                    break;
                case "seal":
                    CheckSeal(item, diagnostics);
                    break;
                case "replication":
                    result.Replication = ReplicationReader.Read(item, diagnostics) ?? result.Replication;
                    break;
                default:
                    diagnostics.UnknownField(item);
                    break;
            }
        }

        // Like Vault: "storage" wins; a "backend" next to it is left unused (and so warned about).
        if (storageItems.Count > 0)
        {
            result.Storage = StorageReader.Read(storageItems, "storage", diagnostics);
            backendItems.ForEach(diagnostics.UnknownField);
        }
        else if (backendItems.Count > 0)
        {
            result.Storage = StorageReader.Read(backendItems, "backend", diagnostics);
        }

        return result;
    }

    /// <summary>A full http(s) URL, as <c>api_addr</c> and <c>cluster_addr</c> must be.</summary>
    internal static string? Url(HclBodyItem item, ConfigDiagnostics diagnostics)
    {
        var text = ConfigValues.String(item, diagnostics);
        if (text is null)
        {
            return null;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0)
        {
            return text;
        }

        diagnostics.Problem(((HclAttribute)item).Value, $"{item.Name}: \"{text}\" is not a full URL such as https://vault.example.com:8200");
        return null;
    }

    private static string? LogLevel(HclBodyItem item, ConfigDiagnostics diagnostics)
    {
        var text = ConfigValues.String(item, diagnostics);
        var level = text?.Trim().ToLowerInvariant() switch
        {
            null => null,
            "trace" => "trace",
            "debug" => "debug",
            "info" => "info",
            "warn" or "warning" => "warn",
            "err" or "error" => "error",
            _ => string.Empty,
        };
        if (level == string.Empty)
        {
            diagnostics.Problem(((HclAttribute)item).Value, $"log_level: unknown level \"{text}\" (use trace, debug, info, warn or error)");
            return null;
        }

        return level;
    }

    private static (TimeSpan, ConfigLocation)? LeaseTtl(HclBodyItem item, ConfigDiagnostics diagnostics)
    {
        var value = ConfigValues.Duration(item, diagnostics);
        if (value is not { } ttl)
        {
            return null;
        }

        if (ttl < TimeSpan.Zero)
        {
            diagnostics.Problem(((HclAttribute)item).Value, $"{item.Name}: cannot be negative");
            return null;
        }

        // Zero means "not set" in Vault, so the default applies.
        return ttl == TimeSpan.Zero ? null : (ttl, ConfigLocation.Of(diagnostics, item));
    }

    private static void ReadUnauthenticatedAccess(HclBodyItem item, ServerConfigBuilder result, ConfigDiagnostics diagnostics)
    {
        foreach (var family in ConfigValues.StringList(item, diagnostics) ?? [])
        {
            if (!UnauthenticatedEndpointFamilies.Contains(family))
            {
                diagnostics.Warning(item, $"enable_unauthenticated_access: unknown endpoint family \"{family}\" (known: {string.Join(", ", UnauthenticatedEndpointFamilies)})");
            }

            if (!result.EnableUnauthenticatedAccess.Contains(family))
            {
                result.EnableUnauthenticatedAccess.Add(family);
            }
        }
    }

    /// <summary>
    /// Coffer only has Shamir seals. A block naming another seal is refused rather than ignored: starting
    /// with a different seal than the operator configured would be worse than not starting.
    /// </summary>
    private static void CheckSeal(HclBodyItem item, ConfigDiagnostics diagnostics)
    {
        IReadOnlyList<HclBlock> blocks;
        try
        {
            blocks = HclBlocks.Expand(item, 1);
        }
        catch (HclParseException e)
        {
            diagnostics.Problem(e.Line, e.Column, e.Reason);
            return;
        }

        foreach (var block in blocks)
        {
            if (!string.Equals(block.Labels[0], "shamir", StringComparison.OrdinalIgnoreCase))
            {
                diagnostics.Problem(block, $"seal \"{block.Labels[0]}\": unsupported seal type; only \"shamir\" is supported");
            }
        }
    }
}
