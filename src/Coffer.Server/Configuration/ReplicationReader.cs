using System.Globalization;
using Coffer.Core.Hcl;

namespace Coffer.Server.Configuration;

/// <summary>Reads the <c>replication</c> stanza (Vault Enterprise's tuning of the log shipper).</summary>
internal static class ReplicationReader
{
    private static readonly (string Suffix, long Factor)[] CapacitySuffixes =
    [
        ("kib", 1L << 10), ("mib", 1L << 20), ("gib", 1L << 30), ("tib", 1L << 40),
        ("kb", 1_000L), ("mb", 1_000_000L), ("gb", 1_000_000_000L), ("tb", 1_000_000_000_000L),
    ];

    public static ReplicationConfig? Read(HclBodyItem item, ConfigDiagnostics diagnostics)
    {
        if (item is not HclBlock { Labels.Count: 0 } block)
        {
            diagnostics.Problem(item, "replication must be a block without labels: replication { ... }");
            return null;
        }

        var config = new ReplicationConfig();
        foreach (var setting in block.Body.Items)
        {
            switch (setting.Name)
            {
                case "logshipper_buffer_length":
                    config = config with { LogShipperBufferLength = Positive(setting, ConfigValues.Int64(setting, diagnostics), diagnostics) };
                    break;
                case "logshipper_buffer_size":
                    config = config with { LogShipperBufferSize = Positive(setting, Capacity(setting, diagnostics), diagnostics) };
                    break;
                default:
                    diagnostics.UnknownField(setting);
                    break;
            }
        }

        return config;
    }

    /// <summary>A number of bytes, or a capacity string: a number, an optional space, and kb/kib/mb/mib/gb/gib/tb/tib.</summary>
    internal static long? Capacity(HclBodyItem item, ConfigDiagnostics diagnostics)
    {
        var value = ConfigValues.Scalar(item, diagnostics, "a size such as 512mb");
        string text;
        switch (value)
        {
            case null:
                return null;
            case HclNumber plain when plain.TryGetInt64(out var bytes):
                return bytes;
            case HclString quoted:
                text = quoted.Value;
                break;
            default:
                diagnostics.Problem(value, $"{item.Name}: expected a size such as 512mb, found {ConfigValues.Describe(value)}");
                return null;
        }

        text = text.Trim().ToLowerInvariant();
        var factor = 1L;
        foreach (var (suffix, multiplier) in CapacitySuffixes)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                factor = multiplier;
                text = text[..^suffix.Length].TrimEnd();
                break;
            }
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number <= long.MaxValue / factor)
        {
            return number * factor;
        }

        diagnostics.Problem(item, $"{item.Name}: not a size (use a number of bytes, or a number followed by kb, kib, mb, mib, gb, gib, tb or tib)");
        return null;
    }

    private static long? Positive(HclBodyItem item, long? value, ConfigDiagnostics diagnostics)
    {
        if (value is <= 0)
        {
            diagnostics.Problem(item, $"{item.Name} must be positive");
            return null;
        }

        return value;
    }
}
