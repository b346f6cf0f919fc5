using Coffer.Sdk.Physical;

namespace Coffer.Server.Storage;

/// <summary>
/// Vault's <c>storage "file"</c>: each key is one file below a root directory (layout in
/// <see cref="FileKeyLayout"/>). Writes are durable before they return: a value goes to a temporary file in
/// the key's directory, which is fsynced, renamed over the key's file (readers see the old or the new value,
/// never part of one) and the directory is fsynced. Commits are made atomic across crashes by an intent
/// journal (<see cref="CommitJournal"/>). Reads take no lock; writers take per-key lock stripes.
/// One instance owns a directory: it holds an exclusive lock on <c>.lock</c> until disposed.
/// </summary>
/// <remarks>
/// A crash can leave <c>.tmp-*</c> files (writes that never got renamed) and empty directories behind;
/// they are never read or listed, so they are left alone rather than searched for on every start.
/// Relies on POSIX rename semantics (replacing a file that readers hold open); Linux is the target.
/// </remarks>
internal sealed partial class FileBackend : IPhysicalBackend, IDisposable
{
    internal const string LockFileName = ".lock";
    internal const string JournalPrefix = ".journal-";
    internal const string TempPrefix = ".tmp-";

    private const int StripeCount = 64;

    // A put retries this many times when a concurrent delete removes the (empty) directory it just created.
    private const int MaxDirectoryRaces = 16;

    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerOnlyFile | UnixFileMode.UserExecute;

    private readonly FileKeyLayout _layout;
    private readonly FileStream _directoryLock;
    private readonly KeyLockStripes _stripes = new(StripeCount);
    private Exception? _fault;
    private volatile bool _disposed;

    private FileBackend(string root, FileStream directoryLock)
    {
        _layout = new FileKeyLayout(root);
        _directoryLock = directoryLock;
    }

    public string Name => "file";

    /// <summary>The absolute directory holding the data.</summary>
    internal string Root => _layout.Root;

    /// <summary>Test hook called at each <see cref="FileCommitStage"/> of a commit; throwing from it simulates a crash there.</summary>
    internal Action<FileCommitStage>? CommitHook { get; set; }

    /// <summary>
    /// Opens (creating if needed) the store in <paramref name="path"/>, takes its lock, and finishes any
    /// commit a crash interrupted. Dispose the backend to release the directory.
    /// </summary>
    public static async Task<FileBackend> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var root = Path.GetFullPath(path);
        if (!Directory.Exists(root))
        {
            CreateOwnerOnlyDirectory(root);
            DirectorySync.Flush(Path.GetDirectoryName(root) ?? root);
        }

        var backend = new FileBackend(root, LockDirectory(root));
        try
        {
            await backend.RecoverAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            backend.Dispose();
            throw;
        }

        return backend;
    }

    public async Task<PhysicalEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ThrowIfUnusable();
        if (!_layout.TryLocate(key, out var location, out _))
        {
            return null;
        }

        try
        {
            var value = await File.ReadAllBytesAsync(location.FilePath, cancellationToken).ConfigureAwait(false);
            return new PhysicalEntry(key, value);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public async Task PutAsync(PhysicalEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(entry.Value, nameof(entry));
        var location = LocateForWrite(entry.Key);
        using (await _stripes.AcquireAsync([entry.Key], cancellationToken).ConfigureAwait(false))
        {
            ThrowIfUnusable();
            var changed = new HashSet<string>(StringComparer.Ordinal);
            await WriteKeyFileAsync(location, entry.Value, changed, cancellationToken).ConfigureAwait(false);
            FlushDirectories(changed);
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_layout.TryLocate(key, out var location, out _))
        {
            // No such key can exist here.
            ThrowIfUnusable();
            return;
        }

        using (await _stripes.AcquireAsync([key], cancellationToken).ConfigureAwait(false))
        {
            ThrowIfUnusable();
            var changed = new HashSet<string>(StringComparer.Ordinal);
            if (DeleteKeyFile(location, changed))
            {
                FlushDirectories(changed);
                RemoveEmptyDirectories(location);
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _directoryLock.Dispose();
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Volatile.Read(ref _fault) is { } fault)
        {
            throw new IOException(
                "The file backend stopped after a commit failed part-way; reopen it to complete that commit from its journal.",
                fault);
        }
    }

    private FileKeyLocation LocateForWrite(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _layout.TryLocate(key, out var location, out var problem)
            ? location
            : throw new ArgumentException($"The file backend cannot store this key: {problem}.", nameof(key));
    }

    private static FileStream LockDirectory(string root)
    {
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        try
        {
            // FileShare.None is an exclusive flock(2) on Unix: a second backend, in this process or another, fails here.
            return new FileStream(Path.Combine(root, LockFileName), options);
        }
        catch (IOException e)
        {
            throw new IOException($"The storage directory '{root}' is in use by another file backend.", e);
        }
    }
}
