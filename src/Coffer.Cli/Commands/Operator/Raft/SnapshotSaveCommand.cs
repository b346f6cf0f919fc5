using Coffer.Api;

namespace Coffer.Cli.Commands.Operator.Raft;

internal sealed class SnapshotSaveCommand : ApiCommand
{
    /// <summary>The last bytes of a complete snapshot file (the server's snapshot format ends with them).</summary>
    private static readonly byte[] EndMarker = "CFSNAPOK"u8.ToArray();

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

        // Stream into a file next to the target and rename once complete, so an interrupted save never leaves a
        // truncated snapshot under the requested name.
        var temporary = path + ".tmp";
        using var client = CreateClient(context);
        try
        {
            RawResponse response;
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                response = await client.SendStreamingAsync(HttpMethod.Get, "sys/storage/raft/snapshot", null, null, file, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccess && !await EndsWithMarkerAsync(file, cancellationToken).ConfigureAwait(false))
                {
                    context.Ui.Error("Error taking the snapshot: the snapshot is incomplete (the server stopped sending it part-way)");
                    return 2;
                }
            }
            CofferClient.EnsureSuccess(response);
            File.Move(temporary, path, overwrite: true);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error taking the snapshot: " + ex.Message);
            return 2;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.Ui.Error("Error writing snapshot file: " + ex.Message);
            return 1;
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
        return 0;
    }

    private static async Task<bool> EndsWithMarkerAsync(FileStream file, CancellationToken cancellationToken)
    {
        if (file.Length < EndMarker.Length)
        {
            return false;
        }
        var tail = new byte[EndMarker.Length];
        file.Position = file.Length - EndMarker.Length;
        await file.ReadExactlyAsync(tail, cancellationToken).ConfigureAwait(false);
        return tail.AsSpan().SequenceEqual(EndMarker);
    }
}
