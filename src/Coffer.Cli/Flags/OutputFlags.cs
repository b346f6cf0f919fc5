namespace Coffer.Cli.Flags;

/// <summary>Output flags: <c>-format</c> always, <c>-field</c> and <c>-detailed</c> where a command supports them.</summary>
internal sealed class OutputFlags
{
    public OutputFlags(FlagSet flags, bool withField, bool withDetailed)
    {
        var s = flags.Section("Output Options");
        Format = s.String("format", "",
            "Output format: \"table\" (default), \"json\" or \"yaml\". Environment: COFFER_FORMAT or VAULT_FORMAT.");
        if (withField)
        {
            Field = s.String("field", "",
                "Print only this field, raw. It wins over -format; when piped, no line break follows, so the value can be captured as is.");
        }
        if (withDetailed)
        {
            Detailed = s.Bool("detailed", false, "Show more columns, such as TTLs, options and replication.");
        }
    }

    public StringFlag Format { get; }

    public StringFlag? Field { get; }

    public BoolFlag? Detailed { get; }
}
