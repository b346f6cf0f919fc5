using Coffer.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Kv;

/// <summary>Base of the <c>kv</c> commands: the <c>-mount</c> flag and key resolution.</summary>
internal abstract class KvCommand : ApiCommand
{
    protected KvCommand(bool withField = false, bool withDetailed = false)
        : base(withField, withDetailed)
    {
        Options = Flags.Section("Common Options");
        Mount = Options.String("mount", "",
            "Mount path of the KV engine; the argument is then the key inside it. Without it the argument is the mount and key together, and the CLI adds the KV v2 API prefix (data/, metadata/, ...) itself.");
    }

    protected FlagSection Options { get; }

    protected StringFlag Mount { get; }

    protected Task<(KvMount Mount, string PartialPath, string V1Path)> ResolveAsync(CofferClient client, string argument, CancellationToken cancellationToken) =>
        KvMount.ResolveAsync(client, Mount.Value, argument, cancellationToken);

    /// <summary>Splits <c>-versions=1,2 -versions 3</c> into individual version strings.</summary>
    protected static List<string> ParseVersions(IEnumerable<string> values) =>
        values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
}
