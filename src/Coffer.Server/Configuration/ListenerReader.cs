using System.Globalization;
using System.Security.Authentication;
using Coffer.Core.Hcl;

namespace Coffer.Server.Configuration;

/// <summary>Reads <c>listener "tcp" { … }</c> blocks (also <c>listener { type = "tcp" … }</c> and the JSON form).</summary>
internal static class ListenerReader
{
    public static IEnumerable<ListenerConfig> Read(HclBodyItem item, ConfigDiagnostics diagnostics)
    {
        var listeners = new List<ListenerConfig>();
        if (item is HclBlock { Labels.Count: 0 } untyped)
        {
            var typeItem = untyped.Body.Items.LastOrDefault(i => i.Name == "type");
            var type = typeItem is null ? null : ConfigValues.String(typeItem, diagnostics);
            if (typeItem is null)
            {
                diagnostics.Problem(untyped, "listener: the type must be given, as in listener \"tcp\" { ... }");
            }

            if (type is not null && ReadOne(type, untyped.Body, untyped, diagnostics) is { } listener)
            {
                listeners.Add(listener);
            }

            return listeners;
        }

        IReadOnlyList<HclBlock> blocks;
        try
        {
            blocks = HclBlocks.Expand(item, 1);
        }
        catch (HclParseException e)
        {
            diagnostics.Problem(e.Line, e.Column, e.Reason);
            return listeners;
        }

        foreach (var block in blocks)
        {
            if (ReadOne(block.Labels[0], block.Body, block, diagnostics) is { } listener)
            {
                listeners.Add(listener);
            }
        }

        return listeners;
    }

    private static ListenerConfig? ReadOne(string type, HclBody body, HclNode at, ConfigDiagnostics diagnostics)
    {
        type = type.ToLowerInvariant();
        if (type != "tcp")
        {
            diagnostics.Problem(at, $"listener \"{type}\": unsupported listener type; only \"tcp\" is supported");
            return null;
        }

        var problemsBefore = diagnostics.Problems.Count;
        var listener = new ListenerConfig();
        foreach (var item in body.Items)
        {
            switch (item.Name)
            {
                case "type":
                    break;
                case "address":
                    listener = listener with { Address = HostPort(item, diagnostics) ?? listener.Address };
                    break;
                case "cluster_address":
                    listener = listener with { ClusterAddress = HostPort(item, diagnostics) ?? listener.ClusterAddress };
                    break;
                case "tls_disable":
                    listener = listener with { TlsDisable = ConfigValues.Bool(item, diagnostics) ?? listener.TlsDisable };
                    break;
                case "tls_cert_file":
                    listener = listener with { TlsCertFile = ConfigValues.String(item, diagnostics) ?? listener.TlsCertFile };
                    break;
                case "tls_key_file":
                    listener = listener with { TlsKeyFile = ConfigValues.String(item, diagnostics) ?? listener.TlsKeyFile };
                    break;
                case "tls_min_version":
                    listener = listener with { TlsMinVersion = TlsVersion(item, diagnostics) ?? listener.TlsMinVersion };
                    break;
                case "max_request_size":
                    listener = listener with { MaxRequestSize = ConfigValues.Int64(item, diagnostics) is { } size ? RequestSize(size) : listener.MaxRequestSize };
                    break;
                case "max_request_duration":
                    listener = listener with { MaxRequestDuration = RequestDuration(item, diagnostics) ?? listener.MaxRequestDuration };
                    break;
                default:
                    diagnostics.UnknownField(item);
                    break;
            }
        }

        if (!listener.TlsDisable && (listener.TlsCertFile is null || listener.TlsKeyFile is null))
        {
            diagnostics.Problem(at, "listener \"tcp\": tls_cert_file and tls_key_file must be set unless tls_disable is true");
        }

        return diagnostics.Problems.Count == problemsBefore ? listener : null;
    }

    /// <summary>Vault's rule: 0 means the default, a negative value turns the limit off.</summary>
    private static long? RequestSize(long size) => size switch
    {
        0 => ListenerConfig.DefaultMaxRequestSize,
        < 0 => null,
        _ => size,
    };

    private static TimeSpan? RequestDuration(HclBodyItem item, ConfigDiagnostics diagnostics)
    {
        var duration = ConfigValues.Duration(item, diagnostics);
        if (duration < TimeSpan.Zero)
        {
            diagnostics.Problem(((HclAttribute)item).Value, "max_request_duration: cannot be negative");
            return null;
        }

        return duration == TimeSpan.Zero ? ListenerConfig.DefaultMaxRequestDuration : duration;
    }

    private static SslProtocols? TlsVersion(HclBodyItem item, ConfigDiagnostics diagnostics)
    {
        var text = ConfigValues.String(item, diagnostics);
        switch (text)
        {
            case null:
                return null;
            case "tls12":
                return SslProtocols.Tls12;
            case "tls13":
                return SslProtocols.Tls13;
            default:
                diagnostics.Problem(((HclAttribute)item).Value, $"tls_min_version: unsupported version \"{text}\" (use \"tls12\" or \"tls13\")");
                return null;
        }
    }

    /// <summary><c>host:port</c> with a port from 0 to 65535; IPv6 hosts in brackets.</summary>
    private static string? HostPort(HclBodyItem item, ConfigDiagnostics diagnostics)
    {
        var text = ConfigValues.String(item, diagnostics);
        if (text is null)
        {
            return null;
        }

        var colon = text.LastIndexOf(':');
        var host = colon > 0 ? text[..colon] : string.Empty;
        var validHost = host.Length > 0 && (!host.Contains(':') || (host.StartsWith('[') && host.EndsWith(']')));
        if (validHost && ushort.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return text;
        }

        diagnostics.Problem(((HclAttribute)item).Value, $"{item.Name}: \"{text}\" is not host:port, such as 0.0.0.0:8200");
        return null;
    }
}
