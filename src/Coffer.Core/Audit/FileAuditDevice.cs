namespace Coffer.Core.Audit;

/// <summary>
/// The <c>file</c> audit device: appends lines to <c>file_path</c> (or <c>stdout</c>, or <c>discard</c>) with the
/// file mode from <c>mode</c> (default 0600).
/// <para>
/// Each line is written by the request's own thread in one positioned write at an offset it reserved atomically, so
/// concurrent requests neither wait for each other nor hand their lines to another thread, and lines never
/// interleave. A request returns only after its line reached the file, so audit stays fail-closed. Before each write
/// the device checks that the file is still there, so a rotated or removed file is reopened (or fails) at once.
/// </para>
/// </summary>
public sealed class FileAuditDevice : IAuditDevice
{
    private readonly object _openLock = new();
    private readonly string _path;
    private readonly UnixFileMode _mode;
    private volatile AppendTarget? _target;
    private volatile bool _reopen;
    private bool _disposed;
    private Stream? _stdout;

    public FileAuditDevice(AuditDeviceEntry entry, AuditHasher hasher)
    {
        Entry = entry;
        Hasher = hasher;
        _path = entry.Options.GetValueOrDefault("file_path") ?? entry.Options.GetValueOrDefault("path") ?? string.Empty;
        if (_path.Length == 0)
        {
            throw new ArgumentException("file_path is required");
        }

        _mode = entry.Options.TryGetValue("mode", out var mode) && mode.Length > 0
            ? (UnixFileMode)Convert.ToInt32(mode, 8)
            : UnixFileMode.UserRead | UnixFileMode.UserWrite;
        if (_path is not ("stdout" or "discard"))
        {
            // Fail at enable time, not at the first request, when the file cannot be written.
            CurrentTarget();
        }
    }

    public AuditDeviceEntry Entry { get; }

    public AuditHasher Hasher { get; }

    public Task WriteAsync(ReadOnlyMemory<byte> line, CancellationToken cancellationToken)
    {
        try
        {
            switch (_path)
            {
                case "discard":
                    break;
                case "stdout":
                    WriteToStandardOutput(line.Span);
                    break;
                default:
                    Append(line.Span);
                    break;
            }

            return Task.CompletedTask;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            return Task.FromException(e as IOException ?? new IOException(e.Message, e));
        }
    }

    public void Reopen() => _reopen = true;

    public void Dispose()
    {
        lock (_openLock)
        {
            _disposed = true;
            _target?.Dispose();
            _target = null;
        }
    }

    private void Append(ReadOnlySpan<byte> line)
    {
        var target = CurrentTarget();
        var offset = Interlocked.Add(ref target.End, line.Length) - line.Length;
        try
        {
            RandomAccess.Write(target.Handle, line, offset);
        }
        catch
        {
            // The next write opens the file afresh and appends after whatever it then holds.
            _reopen = true;
            throw;
        }
    }

    /// <summary>The open file, reopened first when asked to (SIGHUP, a failed write) or when it was moved or removed.</summary>
    private AppendTarget CurrentTarget()
    {
        var target = _target;
        if (target is not null && !_reopen && File.Exists(_path))
        {
            return target;
        }

        lock (_openLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            target = _target;
            if (target is not null && !_reopen && File.Exists(_path))
            {
                return target;
            }

            _reopen = false;
            var fresh = AppendTarget.Open(_path, _mode);
            _target = fresh;
            // Writes still running on the old handle keep it alive until they finish (the handle is reference counted).
            target?.Dispose();
            return fresh;
        }
    }

    private void WriteToStandardOutput(ReadOnlySpan<byte> line)
    {
        lock (_openLock)
        {
            _stdout ??= Console.OpenStandardOutput();
            _stdout.Write(line);
            _stdout.Flush();
        }
    }

    /// <summary>An open audit file and the offset where the next line goes.</summary>
    private sealed class AppendTarget(FileStream file) : IDisposable
    {
        public long End = file.Length;

        public Microsoft.Win32.SafeHandles.SafeFileHandle Handle { get; } = file.SafeFileHandle;

        public static AppendTarget Open(string path, UnixFileMode mode)
        {
            var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite, BufferSize = 0 };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = mode;
            }

            return new AppendTarget(new FileStream(path, options));
        }

        public void Dispose() => file.Dispose();
    }
}
