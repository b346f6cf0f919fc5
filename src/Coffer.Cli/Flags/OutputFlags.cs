namespace Coffer.Cli.Flags;

/// <summary>Output flags: <c>-format</c> always, <c>-field</c> and <c>-detailed</c> where a command supports them.</summary>
internal sealed class OutputFlags
{
    public OutputFlags(FlagSet flags, bool withField, bool withDetailed)
    {
        var s = flags.Section("Output Options");
        Format = s.String("format", "",
            "Print the output in the given format. Valid formats are \"table\", \"json\", or \"yaml\". This can also be specified via the VAULT_FORMAT or COFFER_FORMAT environment variable.");
        if (withField)
        {
            Field = s.String("field", "",
                "Print only the field with the given name. Specifying this option will take precedence over other formatting directives. The result will not have a trailing newline making it ideal for piping to other processes.");
        }
        if (withDetailed)
        {
            Detailed = s.Bool("detailed", false, "Print detailed information such as TTLs and replication status.");
        }
    }

    public StringFlag Format { get; }

    public StringFlag? Field { get; }

    public BoolFlag? Detailed { get; }
}
