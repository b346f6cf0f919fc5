using System.Text;
using Coffer.Cli.Output;

namespace Coffer.Cli.Flags;

/// <summary>
/// Parses flags with the rules of Go's <c>flag</c> package: one or two leading dashes, the value after
/// <c>=</c> or in the next argument, booleans set by their bare name, parsing stops at the first
/// positional argument (or after <c>--</c>), and every later argument is positional.
/// </summary>
internal sealed class FlagSet
{
    private readonly List<FlagSection> _sections = [];
    private readonly Dictionary<string, Flag> _byName = new(StringComparer.Ordinal);

    public IReadOnlyList<FlagSection> Sections => _sections;

    public FlagSection Section(string title)
    {
        var existing = _sections.FirstOrDefault(s => s.Title == title);
        if (existing is not null)
        {
            return existing;
        }
        var section = new FlagSection(this, title);
        _sections.Add(section);
        return section;
    }

    public bool IsDefined(string name) => _byName.ContainsKey(name);

    /// <summary>Applies the flags found at the start of <paramref name="args"/> and returns the positional rest.</summary>
    public IReadOnlyList<string> Parse(IReadOnlyList<string> args)
    {
        var i = 0;
        while (i < args.Count)
        {
            var arg = args[i];
            if (arg.Length < 2 || arg[0] != '-')
            {
                break;
            }
            var dashes = arg[1] == '-' ? 2 : 1;
            if (dashes == 2 && arg.Length == 2)
            {
                i++;
                break;
            }
            var body = arg[dashes..];
            if (body.Length == 0 || body[0] == '-' || body[0] == '=')
            {
                throw new FlagParseException("bad flag syntax: " + arg);
            }
            var equals = body.IndexOf('=', StringComparison.Ordinal);
            var name = equals >= 0 ? body[..equals] : body;
            if (!_byName.TryGetValue(name, out var flag))
            {
                throw new FlagParseException("flag provided but not defined: -" + name);
            }
            string value;
            if (equals >= 0)
            {
                value = body[(equals + 1)..];
            }
            else if (flag.IsBoolean)
            {
                value = "true";
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                throw new FlagParseException("flag needs an argument: -" + name);
            }
            try
            {
                flag.Set(value);
            }
            catch (FormatException ex)
            {
                throw new FlagParseException(flag.IsBoolean
                    ? $"invalid boolean value {GoFormat.Quote(value)} for -{name}: {ex.Message}"
                    : $"invalid value {GoFormat.Quote(value)} for flag -{name}: {ex.Message}");
            }
            i++;
        }
        return args.Skip(i).ToList();
    }

    /// <summary>The flag reference printed under a command's usage text.</summary>
    public string Help()
    {
        var sb = new StringBuilder();
        foreach (var section in _sections.Where(s => s.Flags.Count > 0))
        {
            if (sb.Length > 0)
            {
                sb.Append("\n\n");
            }
            sb.Append(section.Title).Append(":\n");
            foreach (var flag in section.Flags.OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                sb.Append("\n  -").Append(flag.Name);
                if (flag.ValueHint.Length > 0)
                {
                    sb.Append("=<").Append(flag.ValueHint).Append('>');
                }
                foreach (var alias in flag.Aliases)
                {
                    sb.Append(", -").Append(alias);
                }
                sb.Append('\n').Append(TextWrap.WrapAtLength(flag.Usage, 6)).Append('\n');
            }
        }
        return sb.ToString().TrimEnd();
    }

    internal void Register(Flag flag)
    {
        foreach (var name in flag.Aliases.Prepend(flag.Name))
        {
            if (!_byName.TryAdd(name, flag))
            {
                throw new InvalidOperationException($"flag -{name} is declared twice");
            }
        }
    }
}
