namespace Coffer.Cli.Flags;

/// <summary>A titled group of flags ("HTTP Options", "Command Options") as shown in help.</summary>
internal sealed class FlagSection
{
    private readonly FlagSet _owner;
    private readonly List<Flag> _flags = [];

    internal FlagSection(FlagSet owner, string title)
    {
        _owner = owner;
        Title = title;
    }

    public string Title { get; }

    public IReadOnlyList<Flag> Flags => _flags;

    public StringFlag String(string name, string defaultValue, string usage, params string[] aliases) =>
        Add(new StringFlag(name, defaultValue, usage, aliases));

    public BoolFlag Bool(string name, bool defaultValue, string usage, params string[] aliases) =>
        Add(new BoolFlag(name, defaultValue, usage, aliases));

    public IntFlag Int(string name, int defaultValue, string usage, params string[] aliases) =>
        Add(new IntFlag(name, defaultValue, usage, aliases));

    public DurationFlag Duration(string name, TimeSpan defaultValue, string usage, params string[] aliases) =>
        Add(new DurationFlag(name, defaultValue, usage, aliases));

    public StringListFlag StringList(string name, string usage, params string[] aliases) =>
        Add(new StringListFlag(name, usage, aliases));

    public KeyValueFlag KeyValues(string name, string usage, params string[] aliases) =>
        Add(new KeyValueFlag(name, usage, aliases));

    private T Add<T>(T flag)
        where T : Flag
    {
        _owner.Register(flag);
        _flags.Add(flag);
        return flag;
    }
}
