using DotNext.IO;

namespace Coffer.Raft.StateMachine;

/// <summary>
/// The snapshot directory. Snapshots are written to a temporary file, flushed, verified where they came from a
/// peer, then renamed into place and the directory flushed, so a crash leaves either the old set or the new one.
/// </summary>
internal sealed class SnapshotStore
{
    private const string TempPrefix = ".tmp-";
    private const int BufferSize = 256 * 1024;

    public SnapshotStore(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        foreach (var leftover in System.IO.Directory.EnumerateFiles(directory, TempPrefix + "*"))
        {
            File.Delete(leftover);
        }
    }

    public string Directory { get; }

    /// <summary>Loads the newest snapshot that verifies; damaged ones are skipped (older ones and the log still cover them).</summary>
    public (SnapshotFile File, KeyValueState State)? LoadLatest()
    {
        foreach (var candidate in List().OrderByDescending(s => s.Index))
        {
            try
            {
                return (candidate, ReadState(candidate.Path));
            }
            catch (InvalidDataException)
            {
                // Fall back to an older snapshot; the write-ahead log was only truncated up to a published one.
            }
        }

        return null;
    }

    public SnapshotFile Write(KeyValueState state)
    {
        var temp = NewTempPath();
        try
        {
            using (var stream = CreateTemp(temp))
            {
                SnapshotFormat.Write(stream, state);
                stream.Flush(flushToDisk: true);
            }

            return Publish(temp, state.Index, state.Term);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Stores a snapshot sent by the leader after checking it, and returns it with the state it holds.</summary>
    public async Task<(SnapshotFile File, KeyValueState State)> ReceiveAsync(IDataTransferObject snapshot, long index, CancellationToken cancellationToken)
    {
        var temp = NewTempPath();
        try
        {
            var stream = CreateTemp(temp);
            await using (stream.ConfigureAwait(false))
            {
                await snapshot.WriteToAsync(stream, BufferSize, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            var state = ReadState(temp);
            if (state.Index != index)
            {
                throw new InvalidDataException($"The received snapshot holds index {state.Index}, not {index}.");
            }

            return (Publish(temp, state.Index, state.Term), state);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Deletes snapshots older than <paramref name="index"/>, except those whose path <paramref name="keep"/> accepts.</summary>
    public void DeleteOlderThan(long index, Predicate<string> keep)
    {
        foreach (var snapshot in List())
        {
            if (snapshot.Index < index && !keep(snapshot.Path))
            {
                File.Delete(snapshot.Path);
            }
        }
    }

    public IEnumerable<SnapshotFile> List()
    {
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*" + SnapshotFile.Extension))
        {
            if (SnapshotFile.TryParse(path, out var index, out var term))
            {
                yield return new SnapshotFile(path, index, term);
            }
        }
    }

    private static KeyValueState ReadState(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize);
        return SnapshotFormat.Read(stream, stream.Length);
    }

    private SnapshotFile Publish(string temp, long index, long term)
    {
        var path = Path.Combine(Directory, SnapshotFile.FileName(index, term));
        File.Move(temp, path, overwrite: true);
        DirectoryFlush.Flush(Directory);
        return new SnapshotFile(path, index, term);
    }

    private string NewTempPath() => Path.Combine(Directory, TempPrefix + Guid.NewGuid().ToString("N"));

    private static FileStream CreateTemp(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = BufferSize };
        if (!OperatingSystem.IsWindows())
        {
            // Snapshots hold the (encrypted) data set: owner-only, like the rest of the data directory.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, options);
    }
}
