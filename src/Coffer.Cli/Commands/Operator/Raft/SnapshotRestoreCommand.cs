using Coffer.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Operator.Raft;

internal sealed class SnapshotRestoreCommand : ApiCommand
{
    private readonly BoolFlag _force;

    public SnapshotRestoreCommand()
    {
        _force = Flags.Section("Command Options").Bool("force", false, "Install the snapshot even when its keys do not match this cluster's seal.");
    }

    public override string Synopsis => "Replace integrated storage data with a snapshot";

    protected override string Usage => """
        Usage: coffer operator raft snapshot restore [options] <snapshot_file>

          Restores the integrated storage data from a snapshot file:

              $ coffer operator raft snapshot restore raft.snap
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (args.Count != 1 || args[0].Trim().Length == 0)
        {
            context.Ui.Error(args.Count == 1 ? "Snapshot file name is required" : $"Incorrect arguments (expected 1, got {args.Count})");
            return 1;
        }
        byte[] snapshot;
        try
        {
            snapshot = await File.ReadAllBytesAsync(args[0].Trim(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.Ui.Error("Error opening snapshot file: " + ex.Message);
            return 2;
        }
        using var client = CreateClient(context);
        try
        {
            var path = _force.Value ? "sys/storage/raft/snapshot-force" : "sys/storage/raft/snapshot";
            var response = await client.SendRawAsync(HttpMethod.Post, path, snapshot, "application/octet-stream", null, cancellationToken).ConfigureAwait(false);
            CofferClient.EnsureSuccess(response);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error installing the snapshot: " + ex.Message);
            return 2;
        }
        return 0;
    }
}
