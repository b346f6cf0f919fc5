namespace Coffer.Core.Audit;

/// <summary>
/// The <c>file</c> audit device: appends lines to <c>file_path</c> (or <c>stdout</c>, or <c>discard</c>) with the
/// file mode from <c>mode</c> (default 0600). The file is opened per write batch, so a rotated file is picked up on
/// the next write after <see cref="Reopen"/>, and a file made unwritable makes writes fail at once.
/// </summary>
public sealed class FileAuditDevice : IAuditDevice
{
    private readonly Lock _lock = new();
    private readonly string _path;
    private readonly UnixFileMode _mode;
    private FileStream? _stream;

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
            lock (_lock)
            {
                Open().Flush();
            }
        }
    }

    public AuditDeviceEntry Entry { get; }

    public AuditHasher Hasher { get; }

    public Task WriteAsync(ReadOnlyMemory<byte> line, CancellationToken cancellationToken)
    {
        switch (_path)
        {
            case "discard":
                return Task.CompletedTask;
            case "stdout":
                lock (_lock)
                {
                    using var stdout = Console.OpenStandardOutput();
                    stdout.Write(line.Span);
                    stdout.WriteByte((byte)'\n');
                }

                return Task.CompletedTask;
        }

        lock (_lock)
        {
            try
            {
                var stream = Open();
                stream.Write(line.Span);
                stream.WriteByte((byte)'\n');
                stream.Flush();
            }
            catch
            {
                // Drop the handle so the next write retries a fresh open (permissions may be restored).
                _stream?.Dispose();
                _stream = null;
                throw;
            }
        }

        return Task.CompletedTask;
    }

    public void Reopen()
    {
        lock (_lock)
        {
            _stream?.Dispose();
            _stream = null;
        }
    }

    public void Dispose() => Reopen();

    private FileStream Open()
    {
        if (_stream is not null && File.Exists(_path))
        {
            return _stream;
        }

        _stream?.Dispose();
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = _mode;
        }

        _stream = new FileStream(_path, options);
        return _stream;
    }
}
