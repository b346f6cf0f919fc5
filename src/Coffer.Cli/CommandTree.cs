using System.Text;
using Coffer.Cli.Commands;
using Generic = Coffer.Cli.Commands.Generic;
using OperatorCommands = Coffer.Cli.Commands.Operator;
using PolicyCommands = Coffer.Cli.Commands.Policy;
using TokenCommands = Coffer.Cli.Commands.Token;

namespace Coffer.Cli;

/// <summary>
/// The one table of every command and command group, keyed by its words (<c>operator raft list-peers</c>).
/// Commands are created per invocation because each instance holds its parsed flags.
/// </summary>
internal sealed class CommandTree
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>A runnable command (with a factory) or a group (with its own help text).</summary>
    internal sealed class Entry
    {
        private readonly Lazy<string> _synopsis;

        public Entry(string path, Func<Command>? factory, string? synopsis, string? groupHelp, bool common)
        {
            Path = path;
            Factory = factory;
            GroupHelp = groupHelp;
            Common = common;
            _synopsis = new Lazy<string>(() => synopsis ?? factory?.Invoke().Synopsis ?? "");
        }

        public string Path { get; }
        public Func<Command>? Factory { get; }
        public string? GroupHelp { get; }
        public bool Common { get; }
        public string Synopsis => _synopsis.Value;
        public string Name => Path[(Path.LastIndexOf(' ') + 1)..];
    }

    public static CommandTree Default { get; } = Create();

    public IEnumerable<Entry> Entries => _entries.Values;

    /// <summary>The entry named by the longest run of leading words, and how many words it used.</summary>
    public (Entry? Entry, int Consumed) Resolve(IReadOnlyList<string> args)
    {
        for (var count = Math.Min(args.Count, 5); count > 0; count--)
        {
            if (_entries.TryGetValue(string.Join(' ', args.Take(count)), out var entry))
            {
                return (entry, count);
            }
        }
        return (null, 0);
    }

    public IEnumerable<Entry> Children(string groupPath) => _entries.Values
        .Where(e => e.Path.StartsWith(groupPath + " ", StringComparison.Ordinal) && !e.Path[(groupPath.Length + 1)..].Contains(' ', StringComparison.Ordinal))
        .OrderBy(e => e.Path, StringComparer.Ordinal);

    public string MainHelp()
    {
        var top = _entries.Values.Where(e => !e.Path.Contains(' ', StringComparison.Ordinal)).ToList();
        var sb = new StringBuilder("Usage: coffer <command> [args]\n\nCommon commands:\n");
        AppendList(sb, top.Where(e => e.Common).ToList(), 6);
        sb.Append("\nOther commands:\n");
        AppendList(sb, top.Where(e => !e.Common).OrderBy(e => e.Path, StringComparer.Ordinal).ToList(), 6);
        return sb.ToString().TrimEnd();
    }

    public string GroupHelp(Entry group)
    {
        var sb = new StringBuilder(group.GroupHelp?.Trim('\n').TrimEnd() ?? "");
        sb.Append("\n\nSubcommands:\n");
        AppendList(sb, Children(group.Path).ToList(), 4);
        return sb.ToString().TrimEnd();
    }

    private static void AppendList(StringBuilder sb, IReadOnlyList<Entry> entries, int gap)
    {
        var width = entries.Count == 0 ? 0 : entries.Max(e => e.Name.Length) + gap;
        foreach (var entry in entries)
        {
            sb.Append("    ").Append(entry.Name.PadRight(width)).Append(entry.Synopsis).Append('\n');
        }
    }

    private void Command(string path, Func<Command> factory, bool common = false) =>
        _entries.Add(path, new Entry(path, factory, null, null, common));

    private void Group(string path, string synopsis, string help) =>
        _entries.Add(path, new Entry(path, null, synopsis, help, common: false));

    private static CommandTree Create()
    {
        var t = new CommandTree();

        // Common commands, in the order the help lists them.
        t.Command("read", () => new Generic.ReadCommand(), common: true);
        t.Command("write", () => new Generic.WriteCommand(), common: true);
        t.Command("delete", () => new Generic.DeleteCommand(), common: true);
        t.Command("list", () => new Generic.ListCommand(), common: true);
        t.Command("login", () => new Generic.LoginCommand(), common: true);
        t.Command("server", () => new Generic.ServerCommand(), common: true);
        t.Command("status", () => new Generic.StatusCommand(), common: true);
        t.Command("unwrap", () => new Generic.UnwrapCommand(), common: true);
        t.Command("version", () => new Generic.VersionCommand());

        t.Group("operator", "Perform operator-specific tasks", """
            Usage: coffer operator <subcommand> [options] [args]

              Groups the commands operators use to run a cluster: initialize it, seal
              and unseal it, generate root or DR operation tokens, rotate the keyring,
              and manage integrated storage and replication.
            """);
        t.Command("operator init", () => new OperatorCommands.InitCommand());
        t.Command("operator unseal", () => new OperatorCommands.UnsealCommand());
        t.Command("operator seal", () => new OperatorCommands.SealCommand());
        t.Command("operator generate-root", () => new OperatorCommands.GenerateRootCommand());
        t.Command("operator key-status", () => new OperatorCommands.KeyStatusCommand());
        t.Command("operator rotate", () => new OperatorCommands.RotateCommand());

        t.Group("policy", "Interact with policies", """
            Usage: coffer policy <subcommand> [options] [args]

              Groups the commands that manage ACL policies, which decide what tokens
              may do:

                  $ coffer policy list
                  $ coffer policy write ops ops.hcl
            """);
        t.Command("policy write", () => new PolicyCommands.WriteCommand());
        t.Command("policy read", () => new PolicyCommands.ReadCommand());
        t.Command("policy list", () => new PolicyCommands.ListCommand());
        t.Command("policy delete", () => new PolicyCommands.DeleteCommand());
        t.Command("policy fmt", () => new PolicyCommands.FmtCommand());

        t.Group("token", "Interact with tokens", """
            Usage: coffer token <subcommand> [options] [args]

              Groups the commands that create, inspect, renew and revoke tokens:

                  $ coffer token create -policy=ops
                  $ coffer token lookup
            """);
        t.Command("token create", () => new TokenCommands.CreateCommand());
        t.Command("token lookup", () => new TokenCommands.LookupCommand());
        t.Command("token renew", () => new TokenCommands.RenewCommand());
        t.Command("token revoke", () => new TokenCommands.RevokeCommand());
        t.Command("token capabilities", () => new TokenCommands.CapabilitiesCommand());

        return t;
    }
}
