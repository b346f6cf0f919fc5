namespace Coffer.Server.Storage;

/// <summary>
/// The on-disk layout of the file backend: key "a/b/c" is the file "_c" in directory "a/b" under the root,
/// every segment encoded by <see cref="FileNameEncoding"/>. The '_' on files keeps key "a" (file "_a") apart
/// from folder "a/" (directory "a"); names starting with '.' are the backend's own (lock, journals,
/// temporary files) and never keys.
/// </summary>
internal sealed class FileKeyLayout(string root)
{
    /// <summary>Prefix of a key's file name.</summary>
    public const char KeyFileMarker = '_';

    public string Root { get; } = root;

    /// <summary>Locates <paramref name="key"/>, or explains why this backend cannot store it.</summary>
    public bool TryLocate(string key, out FileKeyLocation location, out string problem)
    {
        location = null!;
        var lastSlash = key.LastIndexOf('/');
        if (!TryLocateDirectory(key.AsSpan(0, lastSlash + 1), out var names, out var directory, out problem))
        {
            return false;
        }

        if (!FileNameEncoding.TryEncode(key.AsSpan(lastSlash + 1), out var encodedLeaf))
        {
            problem = "a key segment holds an unpaired UTF-16 surrogate";
            return false;
        }

        var fileName = KeyFileMarker + encodedLeaf;
        if (!FileNameEncoding.FitsInName(fileName))
        {
            problem = $"a key segment is longer than {FileNameEncoding.MaxNameBytes - 1} bytes once encoded";
            return false;
        }

        location = new FileKeyLocation(names, directory, Path.Combine(directory, fileName));
        return true;
    }

    /// <summary>
    /// Locates the directory of a folder key: "" (the root) or segments each followed by '/'.
    /// False when no key could live under it (an empty segment, a segment too long for a name...).
    /// </summary>
    public bool TryLocateFolder(ReadOnlySpan<char> folderKey, out string directory) =>
        TryLocateDirectory(folderKey, out _, out directory, out _);

    /// <summary>The folder segment a directory entry stands for, or false for entries that are not the backend's.</summary>
    public static bool TryReadDirectoryName(string name, out string segment) =>
        FileNameEncoding.TryDecode(name, out segment) && segment.Length > 0;

    /// <summary>The last key segment a file entry stands for, or false for files that hold no key.</summary>
    public static bool TryReadFileName(string name, out string segment)
    {
        segment = "";
        return name.Length > 0 && name[0] == KeyFileMarker && FileNameEncoding.TryDecode(name[1..], out segment);
    }

    private bool TryLocateDirectory(ReadOnlySpan<char> folderKey, out IReadOnlyList<string> names, out string directory, out string problem)
    {
        var encodedNames = new List<string>();
        directory = Root;
        names = encodedNames;
        problem = "";
        while (folderKey.Length > 0)
        {
            var slash = folderKey.IndexOf('/');
            if (slash < 0)
            {
                throw new ArgumentException("A folder key is empty or ends with '/'.", nameof(folderKey));
            }

            var segment = folderKey[..slash];
            if (segment.IsEmpty)
            {
                problem = "a key has an empty segment ('//' or a leading '/')";
                return false;
            }

            if (!FileNameEncoding.TryEncode(segment, out var name))
            {
                problem = "a key segment holds an unpaired UTF-16 surrogate";
                return false;
            }

            if (!FileNameEncoding.FitsInName(name))
            {
                problem = $"a key segment is longer than {FileNameEncoding.MaxNameBytes} bytes once encoded";
                return false;
            }

            encodedNames.Add(name);
            directory = Path.Combine(directory, name);
            folderKey = folderKey[(slash + 1)..];
        }

        return true;
    }
}
