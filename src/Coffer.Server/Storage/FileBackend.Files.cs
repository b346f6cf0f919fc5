namespace Coffer.Server.Storage;

/// <summary>The file-system steps shared by puts, deletes, commits and recovery.</summary>
internal sealed partial class FileBackend
{
    /// <summary>
    /// Replaces the key's file with <paramref name="value"/>: write and fsync a temporary file beside it, then
    /// rename it over the target (atomic on POSIX). Directories whose entries changed are added to
    /// <paramref name="changed"/>; the caller fsyncs them before acknowledging.
    /// </summary>
    private async Task WriteKeyFileAsync(FileKeyLocation location, byte[] value, HashSet<string> changed, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            string temporary;
            try
            {
                EnsureDirectory(location, changed);
                temporary = await WriteTemporaryFileAsync(location.Directory, value, cancellationToken).ConfigureAwait(false);
            }
            catch (DirectoryNotFoundException) when (attempt < MaxDirectoryRaces)
            {
                // A delete of the last key in this directory removed it between our mkdir and our create.
                continue;
            }

            // The temporary file keeps the directory non-empty, so no concurrent cleanup can remove it now.
            File.Move(temporary, location.FilePath, overwrite: true);
            changed.Add(location.Directory);
            return;
        }
    }

    private static async Task<string> WriteTemporaryFileAsync(string directory, byte[] value, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, TempPrefix + Guid.NewGuid().ToString("N"));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        try
        {
            await using var stream = new FileStream(path, options);
            await stream.WriteAsync(value, cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
        catch
        {
            TryDeleteFile(path);
            throw;
        }

        return path;
    }

    /// <summary>
    /// Creates the missing directories on the key's path. When any was missing, every directory from the root
    /// down is marked for fsync: a new entry must be durable in its parent, and a concurrent cleanup may have
    /// removed (and <see cref="Directory.CreateDirectory(string)"/> silently recreated) a level we saw existing.
    /// New folders are rare, so the extra fsyncs cost little.
    /// </summary>
    private void EnsureDirectory(FileKeyLocation location, HashSet<string> changed)
    {
        if (Directory.Exists(location.Directory))
        {
            return;
        }

        CreateOwnerOnlyDirectory(location.Directory);
        var current = Root;
        changed.Add(current);
        foreach (var name in location.DirectoryNames)
        {
            current = Path.Combine(current, name);
            changed.Add(current);
        }
    }

    /// <summary>Deletes the key's file; false when there was none.</summary>
    private static bool DeleteKeyFile(FileKeyLocation location, HashSet<string> changed)
    {
        // Callers hold the key's stripe, so nothing recreates the file between the check and the delete.
        if (!File.Exists(location.FilePath))
        {
            return false;
        }

        File.Delete(location.FilePath);
        changed.Add(location.Directory);
        return true;
    }

    /// <summary>
    /// Removes the key's directory and its ancestors while they are empty, so deleted folders vanish from
    /// listings and the tree does not grow forever. Best effort: a directory that is not empty (or that a
    /// concurrent put is filling) stays, and listings ignore any that hold no key.
    /// </summary>
    private void RemoveEmptyDirectories(FileKeyLocation location)
    {
        for (var depth = location.DirectoryNames.Count; depth > 0; depth--)
        {
            var directory = Path.Combine([Root, .. location.DirectoryNames.Take(depth)]);
            try
            {
                Directory.Delete(directory, recursive: false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return;
            }
        }
    }

    private static void FlushDirectories(HashSet<string> directories)
    {
        foreach (var directory in directories)
        {
            DirectorySync.Flush(directory);
        }
    }

    private static void CreateOwnerOnlyDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, OwnerOnlyDirectory);
        }
    }

    private static bool TryDeleteFile(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
