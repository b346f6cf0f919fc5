using Coffer.Api;

namespace Coffer.Cli.Commands.Operator.Raft;

internal sealed class SnapshotSaveCommand : ApiCommand
{
    public override string Synopsis => "Write a snapshot of integrated storage to a file";

    protected override string Usage => """
        Usage: coffer operator raft snapshot save <snapshot_file>

          Saves a snapshot of the integrated storage data to a file:

              $ coffer operator raft snapshot save raft.snap
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (args.Count != 1 || args[0].Trim().Length == 0)
        {
            context.Ui.Error(args.Count == 1 ? "Snapshot file name is required" : $"Incorrect arguments (expected 1, got {args.Count})");
            return 1;
        }
        var path = args[0].Trim();
        using var client = CreateClient(context);
        RawResponse response;
        try
        {
            response = await client.SendRawAsync(HttpMethod.Get, "sys/storage/raft/snapshot", null, null, null, cancellationToken).ConfigureAwait(false);
            CofferClient.EnsureSuccess(response);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error taking the snapshot: " + ex.Message);
            return 2;
        }
        try
        {
            // Write next to the target and rename, so an interrupted save never leaves a truncated snapshot.
            var temporary = path + ".tmp";
            await File.WriteAllBytesAsync(temporary, response.Body, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.Ui.Error("Error writing snapshot file: " + ex.Message);
            return 1;
        }
        return 0;
    }
}
