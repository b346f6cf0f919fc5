namespace Coffer.Core.Audit;

/// <summary>
/// The <c>file</c> audit device: appends lines to <c>file_path</c> (or <c>stdout</c>, or <c>discard</c>) with the
/// file mode from <c>mode</c> (default 0600).
/// <para>
/// Each line is written by the request's own thread in one positioned write at an offset it reserved atomically, so
/// concurrent requests neither wait for each other nor hand their lines to another thread, and lines never
/// interleave. Reopening retires the old handle and lets its writes finish before measuring the file again, so a
/// reopened file (the same one, or a new one) never has two lines reserved at the same place. The file must be this
/// device's alone: another process appending to it meanwhile could have its lines overwritten. A request returns only after its line reached the file, so audit stays fail-closed. Before each write
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

        _mode = AuditFileMode.Parse(entry.Options.GetValueOrDefault("mode"));
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
        var spin = default(SpinWait);
        while (true)
        {
            var target = CurrentTarget();
            if (!target.TryEnter())
            {
                // Being replaced (rotation): the replacement is published once the writes already under way finished.
                spin.SpinOnce();
                continue;
            }

            try
            {
                var offset = Interlocked.Add(ref target.End, line.Length) - line.Length;
                RandomAccess.Write(target.Handle, line, offset);
                return;
            }
            catch
            {
                // The next write opens the file afresh and appends after whatever it then holds.
                _reopen = true;
                throw;
            }
            finally
            {
                target.Exit();
            }
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

            // The file may be the same one (a SIGHUP without rotation): the new handle's end must lie after every line
            // reserved on the old one, so the old one stops taking writes and drains before the new one is measured.
            target?.Retire();
            var fresh = AppendTarget.Open(_path, _mode);
            _target = fresh;
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

    /// <summary>An open audit file, the offset where the next line goes, and the writes under way on it.</summary>
    private sealed class AppendTarget(FileStream file) : IDisposable
    {
        public long End = file.Length;

        private int _writers;
        private int _retired;

        public Microsoft.Win32.SafeHandles.SafeFileHandle Handle { get; } = file.SafeFileHandle;

        public static AppendTarget Open(string path, UnixFileMode mode)
        {
            var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite, BufferSize = 0 };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = mode;
            }

            var file = new FileStream(path, options);
            if (!OperatingSystem.IsWindows() && mode != 0)
            {
                // An existing file keeps its mode otherwise, and a new one's is narrowed by the umask: set it, as chmod
                // would. Mode 0000 leaves the file's mode to whoever manages it.
                File.SetUnixFileMode(file.SafeFileHandle, mode);
            }

            return new AppendTarget(file);
        }

        /// <summary>Registers a write; false once the target is retired (the caller then looks for its replacement).</summary>
        public bool TryEnter()
        {
            Interlocked.Increment(ref _writers);
            if (Volatile.Read(ref _retired) == 0)
            {
                return true;
            }

            Interlocked.Decrement(ref _writers);
            return false;
        }

        public void Exit() => Interlocked.Decrement(ref _writers);

        /// <summary>Takes no more writes, and returns once the ones under way finished.</summary>
        public void Retire()
        {
            // Interlocked on both sides: a writer either sees the retirement or is counted before the wait looks.
            Interlocked.Exchange(ref _retired, 1);
            var spin = default(SpinWait);
            while (Volatile.Read(ref _writers) > 0)
            {
                spin.SpinOnce();
            }
        }

        public void Dispose() => file.Dispose();
    }
}
