using System.Globalization;
using Coffer.Core.Hcl;
using Coffer.Sdk.Helpers;

namespace Coffer.Server.Configuration;

/// <summary>
/// Typed reads of configuration values with Vault's leniency: booleans and numbers may also be written
/// as strings, durations as Go strings or integer seconds. A wrong value is reported (with its
/// position) and read as null, so reading continues and every problem is found.
/// </summary>
internal static class ConfigValues
{
    public static string? String(HclBodyItem item, ConfigDiagnostics diagnostics) => Scalar(item, diagnostics, "a string") switch
    {
        null => null,
        HclString text => text.Value,
        HclNumber number => number.Text,
        HclBool flag => flag.Value ? "true" : "false",
        _ => null,
    };

    public static bool? Bool(HclBodyItem item, ConfigDiagnostics diagnostics)
    {
        var value = Scalar(item, diagnostics, "a boolean");
        object? raw = value switch
        {
            HclBool flag => flag.Value,
            HclString text => text.Value,
            HclNumber number when number.TryGetInt64(out var integer) => integer,
            _ => null,
        };
        if (value is null)
        {
            return null;
        }

        if (raw is not null && TryReadBool(raw, out var result))
        {
            return result;
        }

        diagnostics.Problem(value, $"{item.Name}: expected a boolean, found {Describe(value)}");
        return null;
    }

    public static long? Int64(HclBodyItem item, ConfigDiagnostics diagnostics)
    {
        var value = Scalar(item, diagnostics, "a whole number");
        switch (value)
        {
            case null:
                return null;
            case HclNumber number when number.TryGetInt64(out var integer):
                return integer;
            case HclString text when long.TryParse(text.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed):
                return parsed;
            default:
                diagnostics.Problem(value, $"{item.Name}: expected a whole number, found {Describe(value)}");
                return null;
        }
    }

    public static TimeSpan? Duration(HclBodyItem item, ConfigDiagnostics diagnostics)
    {
        var value = Scalar(item, diagnostics, "a duration");
        switch (value)
        {
            case null:
                return null;
            case HclNumber number when number.TryGetInt64(out var seconds):
                return TimeSpan.FromSeconds(seconds);
            case HclString text:
                if (GoDuration.TryParse(text.Value, out var duration, out var error))
                {
                    return duration;
                }

                diagnostics.Problem(value, $"{item.Name}: {error}");
                return null;
            default:
                diagnostics.Problem(value, $"{item.Name}: expected a duration such as \"30s\" or a number of seconds, found {Describe(value)}");
                return null;
        }
    }

    /// <summary>A list of strings; a lone string counts as a list of one.</summary>
    public static List<string>? StringList(HclBodyItem item, ConfigDiagnostics diagnostics)
    {
        switch (item)
        {
            case HclAttribute { Value: HclString single }:
                return [single.Value];
            case HclAttribute { Value: HclList list } when list.Items.All(v => v is HclString):
                return list.Items.Select(v => ((HclString)v).Value).ToList();
            case HclAttribute { Value: HclList list }:
                var wrong = list.Items.First(v => v is not HclString);
                diagnostics.Problem(wrong, $"{item.Name}: expected a list of strings, found {Describe(wrong)} in the list");
                return null;
            case HclAttribute attribute:
                diagnostics.Problem(attribute.Value, $"{item.Name}: expected a list of strings, found {Describe(attribute.Value)}");
                return null;
            default:
                diagnostics.Problem(item, $"{item.Name}: expected a list of strings, found a block");
                return null;
        }
    }

    /// <summary>The value of a scalar attribute; lists, objects and blocks are reported as the wrong type.</summary>
    public static HclValue? Scalar(HclBodyItem item, ConfigDiagnostics diagnostics, string expected)
    {
        switch (item)
        {
            case HclAttribute { Value: HclString or HclNumber or HclBool } attribute:
                return attribute.Value;
            case HclAttribute attribute:
                diagnostics.Problem(attribute.Value, $"{item.Name}: expected {expected}, found {Describe(attribute.Value)}");
                return null;
            default:
                diagnostics.Problem(item, $"{item.Name}: expected {expected}, found a block");
                return null;
        }
    }

    /// <summary>Go's <c>strconv.ParseBool</c> words, real booleans, and 0/1.</summary>
    public static bool TryReadBool(object value, out bool result)
    {
        switch (value)
        {
            case bool flag:
                result = flag;
                return true;
            case long number when number is 0 or 1:
                result = number == 1;
                return true;
            case string text:
                switch (text)
                {
                    case "1" or "t" or "T" or "true" or "TRUE" or "True":
                        result = true;
                        return true;
                    case "0" or "f" or "F" or "false" or "FALSE" or "False":
                        result = false;
                        return true;
                }

                break;
        }

        result = false;
        return false;
    }

    /// <summary>A value's kind for messages; string contents are left out as they may be secrets.</summary>
    public static string Describe(HclValue value) => value switch
    {
        HclNumber number => $"the number {number.Text}",
        HclBool flag => flag.Value ? "true" : "false",
        _ => "a " + value.KindName,
    };
}
