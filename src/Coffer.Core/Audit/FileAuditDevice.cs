using System.Threading.Channels;

namespace Coffer.Core.Audit;

/// <summary>
/// The <c>file</c> audit device: appends lines to <c>file_path</c> (or <c>stdout</c>, or <c>discard</c>) with the
/// file mode from <c>mode</c> (default 0600).
/// <para>
/// Lines are written by one writer loop that takes every line waiting, writes them in one go and flushes once
/// (group commit): a request still returns only after its own line reached the file, so audit stays fail-closed,
/// but concurrent requests share the system calls. Before each batch the writer checks that the file is still
/// there, so a rotated or removed file is reopened (or fails) at once.
/// </para>
/// </summary>
public sealed class FileAuditDevice : IAuditDevice
{
    private const int WriteBufferSize = 256 * 1024;

    private readonly Channel<PendingLine> _lines = Channel.CreateUnbounded<PendingLine>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string _path;
    private readonly UnixFileMode _mode;
    private readonly Task _writer;
    private volatile bool _reopen;
    private Stream? _stream;

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
            Open().Flush();
        }

        _writer = Task.Run(WriteLoopAsync);
    }

    public AuditDeviceEntry Entry { get; }

    public AuditHasher Hasher { get; }

    public Task WriteAsync(ReadOnlyMemory<byte> line, CancellationToken cancellationToken)
    {
        if (_path == "discard")
        {
            return Task.CompletedTask;
        }

        var pending = new PendingLine(line, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        return _lines.Writer.TryWrite(pending)
            ? pending.Written.Task
            : Task.FromException(new IOException("the audit device is closed"));
    }

    public void Reopen() => _reopen = true;

    public void Dispose()
    {
        _lines.Writer.TryComplete();
        _writer.Wait(TimeSpan.FromSeconds(5));
        _stream?.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingLine>();
        while (await _lines.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < 1024 && _lines.Reader.TryRead(out var line))
            {
                batch.Add(line);
            }

            try
            {
                var stream = Open();
                foreach (var line in batch)
                {
                    stream.Write(line.Bytes.Span);
                    stream.WriteByte((byte)'\n');
                }

                stream.Flush();
                batch.ForEach(line => line.Written.TrySetResult());
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Drop the handle so the next batch retries a fresh open (the file may come back).
                _stream?.Dispose();
                _stream = null;
                batch.ForEach(line => line.Written.TrySetException(e));
            }
        }
    }

    private Stream Open()
    {
        if (_path == "stdout")
        {
            return _stream ??= Console.OpenStandardOutput();
        }

        if (_stream is not null && !_reopen && File.Exists(_path))
        {
            return _stream;
        }

        _reopen = false;
        _stream?.Dispose();
        // A batch is written whole and then flushed: a buffer that holds a typical batch turns it into one write call.
        var options = new FileStreamOptions
        {
            Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite, BufferSize = WriteBufferSize,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = _mode;
        }

        _stream = new FileStream(_path, options);
        return _stream;
    }

    private sealed record PendingLine(ReadOnlyMemory<byte> Bytes, TaskCompletionSource Written);
}
