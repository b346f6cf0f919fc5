namespace Coffer.Cli.Output;

/// <summary>Names accepted by <c>-format</c>.</summary>
internal static class OutputFormat
{
    public const string Table = "table";
    public const string Json = "json";
    public const string Yaml = "yaml";
    public const string Pretty = "pretty";
    public const string Raw = "raw";

    public static bool TryNormalize(string value, out string format)
    {
        format = value.Trim().ToLowerInvariant() switch
        {
            "table" => Table,
            "json" => Json,
            "yaml" or "yml" => Yaml,
            "pretty" => Pretty,
            "raw" => Raw,
            _ => "",
        };
        return format.Length > 0;
    }
}
