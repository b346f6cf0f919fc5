using System.Text;
using Coffer.Cli.Commands;
using AuditCommands = Coffer.Cli.Commands.Audit;
using Generic = Coffer.Cli.Commands.Generic;
using KvCommands = Coffer.Cli.Commands.Kv;
using OperatorCommands = Coffer.Cli.Commands.Operator;
using PolicyCommands = Coffer.Cli.Commands.Policy;
using RaftCommands = Coffer.Cli.Commands.Operator.Raft;
using SecretsCommands = Coffer.Cli.Commands.Secrets;
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

        t.Group("operator", "Run and repair clusters", """
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
        t.Command("operator members", () => new OperatorCommands.MembersCommand());

        t.Group("operator raft", "Manage integrated storage (Raft)", """
            Usage: coffer operator raft <subcommand> [options] [args]

              Groups the commands that manage integrated storage (Raft): membership,
              snapshots and autopilot.
            """);
        t.Command("operator raft list-peers", () => new RaftCommands.ListPeersCommand());
        t.Command("operator raft join", () => new RaftCommands.JoinCommand());
        t.Command("operator raft remove-peer", () => new RaftCommands.RemovePeerCommand());
        t.Group("operator raft snapshot", "Save and restore storage snapshots", """
            Usage: coffer operator raft snapshot <subcommand> [options] [args]

              Saves and restores snapshots of the integrated storage data.
            """);
        t.Command("operator raft snapshot save", () => new RaftCommands.SnapshotSaveCommand());
        t.Command("operator raft snapshot restore", () => new RaftCommands.SnapshotRestoreCommand());
        t.Group("operator raft autopilot", "Inspect and tune autopilot", """
            Usage: coffer operator raft autopilot <subcommand> [options] [args]

              Shows autopilot's view of cluster health and manages its settings.
            """);
        t.Command("operator raft autopilot state", () => new RaftCommands.AutopilotStateCommand());
        t.Command("operator raft autopilot get-config", () => new RaftCommands.AutopilotGetConfigCommand());
        t.Command("operator raft autopilot set-config", () => new RaftCommands.AutopilotSetConfigCommand());

        t.Group("operator replication", "Inspect DR and performance replication", """
            Usage: coffer operator replication <subcommand> [options] [args]

              Shows the state of DR and performance replication.
            """);
        t.Command("operator replication status", () => new OperatorCommands.ReplicationStatusCommand());

        t.Group("policy", "Manage ACL policies", """
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

        t.Group("token", "Create, inspect, renew and revoke tokens", """
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

        t.Group("secrets", "Mount, tune and unmount secrets engines", """
            Usage: coffer secrets <subcommand> [options] [args]

              Groups the commands that enable, tune, move, list and disable secrets
              engines:

                  $ coffer secrets enable -path=secret -version=2 kv
                  $ coffer secrets list
            """);
        t.Command("secrets enable", () => new SecretsCommands.EnableCommand());
        t.Command("secrets disable", () => new SecretsCommands.DisableCommand());
        t.Command("secrets list", () => new SecretsCommands.ListCommand());
        t.Command("secrets tune", () => new SecretsCommands.TuneCommand());
        t.Command("secrets move", () => new SecretsCommands.MoveCommand());

        t.Group("kv", "Work with KV secrets engines (v1 and v2)", """
            Usage: coffer kv <subcommand> [options] [args]

              Groups the commands for KV secrets engines. They find out whether a mount
              runs KV version 1 or 2 and use the matching API paths, so the same
              commands work on both:

                  $ coffer kv put -mount=secret app/config user=app
                  $ coffer kv get -mount=secret app/config
            """);
        t.Command("kv put", () => new KvCommands.PutCommand());
        t.Command("kv get", () => new KvCommands.GetCommand());
        t.Command("kv list", () => new KvCommands.ListCommand());
        t.Command("kv delete", () => new KvCommands.DeleteCommand());
        t.Command("kv undelete", () => new KvCommands.UndeleteCommand());
        t.Command("kv destroy", () => new KvCommands.DestroyCommand());
        t.Command("kv patch", () => new KvCommands.PatchCommand());
        t.Group("kv metadata", "Work with KV v2 key metadata", """
            Usage: coffer kv metadata <subcommand> [options] [args]

              Reads and changes the version-independent metadata of KV v2 keys.
            """);
        t.Command("kv metadata get", () => new KvCommands.MetadataGetCommand());
        t.Command("kv metadata put", () => new KvCommands.MetadataPutCommand());
        t.Command("kv metadata delete", () => new KvCommands.MetadataDeleteCommand());

        t.Group("audit", "Manage audit devices", """
            Usage: coffer audit <subcommand> [options] [args]

              Groups the commands that enable, list and disable audit devices:

                  $ coffer audit enable file file_path=/var/log/coffer/audit.log
            """);
        t.Command("audit enable", () => new AuditCommands.EnableCommand());
        t.Command("audit disable", () => new AuditCommands.DisableCommand());
        t.Command("audit list", () => new AuditCommands.ListCommand());

        return t;
    }
}
