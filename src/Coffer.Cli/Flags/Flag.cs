namespace Coffer.Cli.Flags;

/// <summary>One command-line flag: its names, help text and parsed value.</summary>
internal abstract class Flag
{
    protected Flag(string name, string usage, IReadOnlyList<string> aliases)
    {
        Name = name;
        Usage = usage;
        Aliases = aliases;
    }

    public string Name { get; }

    public IReadOnlyList<string> Aliases { get; }

    public string Usage { get; }

    /// <summary>True once the flag appeared on the command line.</summary>
    public bool IsSet { get; private set; }

    /// <summary>A boolean flag takes no separate value argument (<c>-force</c>, <c>-force=false</c>).</summary>
    public virtual bool IsBoolean => false;

    /// <summary>Placeholder shown in help, such as <c>string</c> or <c>duration</c>.</summary>
    public abstract string ValueHint { get; }

    /// <summary>Applies one occurrence; throws <see cref="FormatException"/> with the reason when invalid.</summary>
    public void Set(string value)
    {
        Apply(value);
        IsSet = true;
    }

    protected abstract void Apply(string value);
}
