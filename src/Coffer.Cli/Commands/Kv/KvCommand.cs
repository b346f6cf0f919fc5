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
            "Specifies the path where the KV backend is mounted. If specified, the next argument will be interpreted as the secret path. If this flag is not specified, the next argument will be interpreted as the combined mount path and secret path, with /data/ automatically appended between KV v2 secrets.");
    }

    protected FlagSection Options { get; }

    protected StringFlag Mount { get; }

    protected Task<(KvMount Mount, string PartialPath, string V1Path)> ResolveAsync(CofferClient client, string argument, CancellationToken cancellationToken) =>
        KvMount.ResolveAsync(client, Mount.Value, argument, cancellationToken);

    /// <summary>Splits <c>-versions=1,2 -versions 3</c> into individual version strings.</summary>
    protected static List<string> ParseVersions(IEnumerable<string> values) =>
        values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
}
