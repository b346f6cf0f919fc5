namespace Coffer.Server.Storage;

/// <summary>Listing straight from the directory tree, without locks.</summary>
internal sealed partial class FileBackend
{
    private static readonly EnumerationOptions EveryEntry = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ThrowIfUnusable();

        // "a/b/fo" lists directory "a/b", keeping entries whose segment starts with "fo".
        var lastSlash = prefix.LastIndexOf('/');
        var partial = prefix[(lastSlash + 1)..];
        if (!_layout.TryLocateFolder(prefix.AsSpan(0, lastSlash + 1), out var directory))
        {
            return Task.FromResult<IReadOnlyList<string>>([]);
        }

        return Task.FromResult(ListDirectory(directory, partial, cancellationToken));
    }

    private static IReadOnlyList<string> ListDirectory(string directory, string partial, CancellationToken cancellationToken)
    {
        var children = new List<string>();
        try
        {
            foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos("*", EveryEntry))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (entry is DirectoryInfo)
                {
                    if (FileKeyLayout.TryReadDirectoryName(entry.Name, out var folder)
                        && folder.StartsWith(partial, StringComparison.Ordinal)
                        && HoldsAnyKey(entry.FullName))
                    {
                        children.Add(string.Concat(folder.AsSpan(partial.Length), "/"));
                    }
                }
                else if (FileKeyLayout.TryReadFileName(entry.Name, out var leaf)
                    && leaf.Length > partial.Length
                    && leaf.StartsWith(partial, StringComparison.Ordinal))
                {
                    children.Add(leaf[partial.Length..]);
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }

        children.Sort(StringComparer.Ordinal);
        return children;
    }

    /// <summary>
    /// Whether any key lives below <paramref name="directory"/>. Deletes remove empty directories, but a crash
    /// or a race can leave one (or one holding only temporary files); such a folder has no keys and must not
    /// be listed.
    /// </summary>
    private static bool HoldsAnyKey(string directory)
    {
        var subdirectories = new List<string>();
        try
        {
            foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos("*", EveryEntry))
            {
                if (entry is DirectoryInfo)
                {
                    if (FileKeyLayout.TryReadDirectoryName(entry.Name, out _))
                    {
                        subdirectories.Add(entry.FullName);
                    }
                }
                else if (FileKeyLayout.TryReadFileName(entry.Name, out _))
                {
                    return true;
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }

        return subdirectories.Exists(HoldsAnyKey);
    }
}
