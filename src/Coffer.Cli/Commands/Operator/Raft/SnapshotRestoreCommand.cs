using Coffer.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Operator.Raft;

internal sealed class SnapshotRestoreCommand : ApiCommand
{
    private readonly BoolFlag _force;

    public SnapshotRestoreCommand()
    {
        _force = Flags.Section("Command Options").Bool("force", false,
            "Install the snapshot even when it was not sealed by this cluster's keys. The cluster then seals itself and "
            + "needs the unseal keys of the cluster the snapshot was taken from.");
    }

    public override string Synopsis => "Replace integrated storage data with a snapshot";

    protected override string Usage => """
        Usage: coffer operator raft snapshot restore [options] <snapshot_file>

          Installs the provided snapshot, returning the cluster to the state defined in it:

              $ coffer operator raft snapshot restore raft.snap
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (args.Count != 1 || args[0].Trim().Length == 0)
        {
            context.Ui.Error(args.Count == 1 ? "Snapshot file name is required" : $"Incorrect arguments (expected 1, got {args.Count})");
            return 1;
        }
        FileStream snapshot;
        try
        {
            snapshot = new FileStream(args[0].Trim(), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.Ui.Error("Error opening snapshot file: " + ex.Message);
            return 2;
        }
        await using (snapshot)
        {
            using var client = CreateClient(context);
            try
            {
                var path = _force.Value ? "sys/storage/raft/snapshot-force" : "sys/storage/raft/snapshot";
                var response = await client.SendStreamingAsync(HttpMethod.Post, path, snapshot, "application/octet-stream", null, cancellationToken).ConfigureAwait(false);
                CofferClient.EnsureSuccess(response);
                PrintWarnings(context, response);
            }
            catch (CofferRequestException ex)
            {
                context.Ui.Error("Error installing the snapshot: " + ex.Message);
                return 2;
            }
        }
        return 0;
    }

    /// <summary>A restore that sealed the cluster says so in a warning; an ordinary restore answers 204 with no body.</summary>
    private static void PrintWarnings(CommandContext context, RawResponse response)
    {
        if (response.Body.Length == 0)
        {
            return;
        }
        try
        {
            foreach (var warning in Secret.Parse(response.BodyText)?.Warnings ?? [])
            {
                context.Ui.Warn("WARNING! " + warning);
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Not an envelope: nothing to show.
        }
    }
}
