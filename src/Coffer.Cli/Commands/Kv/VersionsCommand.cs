using System.Text.Json.Nodes;
using Coffer.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Kv;

/// <summary>Shared body of <c>kv undelete</c> and <c>kv destroy</c>: a version list written to a v2 sub-path.</summary>
internal abstract class VersionsCommand : KvCommand
{
    private readonly StringListFlag _versions;

    protected VersionsCommand()
    {
        _versions = Options.StringList("versions", $"Versions to {Verb}, comma-separated or repeated.");
    }

    /// <summary>The v2 API prefix (<c>undelete</c>, <c>destroy</c>).</summary>
    protected abstract string ApiPrefix { get; }

    protected abstract string Verb { get; }

    protected abstract string NotOnVersionOne { get; }

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 1, 1);
        if (_versions.Values.Count == 0)
        {
            context.Ui.Error($"No versions provided, use the \"-versions\" flag to specify the version to {Verb}.");
            return 1;
        }
        var printer = CreatePrinter(context);
        using var client = CreateClient(context);
        var (mount, partial, v1Path) = await ResolveAsync(client, args[0], cancellationToken).ConfigureAwait(false);
        if (!mount.IsV2)
        {
            context.Ui.Error(NotOnVersionOne);
            return 1;
        }
        var fullPath = mount.ApiPath(partial, v1Path, ApiPrefix);
        var body = new JsonObject { ["versions"] = GoJson.StringArray(ParseVersions(_versions.Values)) };
        return await RequestOutcome.PrintAsync(context, printer, string.Empty, $"Error writing data to {fullPath}", "Success! Data written to: " + fullPath,
            () => client.Logical.WriteAsync(fullPath, body, cancellationToken)).ConfigureAwait(false);
    }
}
