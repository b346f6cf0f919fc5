using Coffer.Sdk.Physical;

namespace Coffer.Server.Storage;

/// <summary>
/// Atomic commits: journal, apply, forget. A crash before the journal is durable leaves no trace of the
/// commit (a torn journal is discarded on open); a crash after it leaves a journal that the next open
/// replays in full. Replaying is idempotent, and because a commit holds its keys' stripes until its
/// journal is gone, no acknowledged write to those keys can be overwritten by a replay.
/// </summary>
internal sealed partial class FileBackend
{
    public async Task CommitAsync(IReadOnlyList<PhysicalOperation> operations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var planned = new List<(PhysicalOperation Operation, FileKeyLocation Location)>(operations.Count);
        foreach (var operation in operations)
        {
            if (operation is null)
            {
                throw new ArgumentException("A transaction contains a null operation.", nameof(operations));
            }

            if (operation.IsDelete)
            {
                // As in DeleteAsync: a key this backend cannot store cannot exist, so deleting it is a no-op.
                ArgumentNullException.ThrowIfNull(operation.Key, nameof(operations));
                if (_layout.TryLocate(operation.Key, out var location, out _))
                {
                    planned.Add((operation, location));
                }
            }
            else
            {
                planned.Add((operation, LocateForWrite(operation.Key)));
            }
        }

        if (planned.Count == 0)
        {
            ThrowIfUnusable();
            return;
        }

        // Serialising also snapshots every value: what is journaled is what gets applied.
        var journal = CommitJournal.Serialize([.. planned.Select(p => p.Operation)]);
        using (await _stripes.AcquireAsync(planned.Select(p => p.Operation.Key), cancellationToken).ConfigureAwait(false))
        {
            ThrowIfUnusable();
            var journalPath = await WriteJournalAsync(journal, cancellationToken).ConfigureAwait(false);
            try
            {
                CommitHook?.Invoke(FileCommitStage.JournalWritten);

                // From here on the commit must finish: cancelling half-way would leave it half applied.
                await ApplyAsync(planned, afterFirst: () => CommitHook?.Invoke(FileCommitStage.FirstOperationApplied)).ConfigureAwait(false);
                CommitHook?.Invoke(FileCommitStage.OperationsApplied);
                ForgetJournal(journalPath);
            }
            catch (Exception e)
            {
                // The store may hold part of this commit, and only a reopen (which replays the journal) can
                // complete it; serving on could show the partial state or let the replay clobber newer writes.
                Volatile.Write(ref _fault, e);
                throw;
            }
        }

        RemoveEmptyDirectories(planned.Where(p => p.Operation.IsDelete).Select(p => p.Location));
    }

    /// <summary>Replays every complete journal left by a crash and discards torn ones. Runs before the backend serves.</summary>
    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var journals = Directory.GetFiles(Root, JournalPrefix + "*").Order(StringComparer.Ordinal).ToList();
        foreach (var journalPath in journals)
        {
            var bytes = await File.ReadAllBytesAsync(journalPath, cancellationToken).ConfigureAwait(false);
            if (CommitJournal.TryParse(bytes) is { } operations)
            {
                var planned = new List<(PhysicalOperation Operation, FileKeyLocation Location)>(operations.Count);
                foreach (var operation in operations)
                {
                    if (!_layout.TryLocate(operation.Key, out var location, out _))
                    {
                        throw new InvalidDataException($"The commit journal '{journalPath}' names a key this backend cannot store; it was not written by this backend.");
                    }

                    planned.Add((operation, location));
                }

                await ApplyAsync(planned, afterFirst: null).ConfigureAwait(false);
                RemoveEmptyDirectories(planned.Where(p => p.Operation.IsDelete).Select(p => p.Location));
            }

            // A torn journal was never followed by any change: dropping it is the whole recovery.
            File.Delete(journalPath);
        }

        if (journals.Count > 0)
        {
            DirectorySync.Flush(Root);
        }
    }

    private async Task ApplyAsync(List<(PhysicalOperation Operation, FileKeyLocation Location)> planned, Action? afterFirst)
    {
        var changed = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < planned.Count; i++)
        {
            var (operation, location) = planned[i];
            if (operation.Value is { } value)
            {
                await WriteKeyFileAsync(location, value, changed, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                DeleteKeyFile(location, changed);
            }

            if (i == 0)
            {
                afterFirst?.Invoke();
            }
        }

        FlushDirectories(changed);
    }

    private async Task<string> WriteJournalAsync(byte[] journal, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Root, JournalPrefix + Guid.NewGuid().ToString("N"));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        try
        {
            await using (var stream = new FileStream(path, options))
            {
                await stream.WriteAsync(journal, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            // The journal's directory entry must be durable before any key file changes.
            DirectorySync.Flush(Root);
        }
        catch
        {
            // Nothing is applied yet. If the journal cannot even be removed, a reopen might still replay this
            // commit, so stop serving rather than risk that replay overwriting later writes.
            if (!TryDeleteFile(path))
            {
                Volatile.Write(ref _fault, new IOException("A failed commit left its journal behind."));
            }

            throw;
        }

        return path;
    }

    /// <summary>Deletes the journal durably: a journal that came back after a crash would replay an old commit.</summary>
    private void ForgetJournal(string journalPath)
    {
        File.Delete(journalPath);
        DirectorySync.Flush(Root);
    }

    private void RemoveEmptyDirectories(IEnumerable<FileKeyLocation> locations)
    {
        foreach (var location in locations)
        {
            RemoveEmptyDirectories(location);
        }
    }
}
