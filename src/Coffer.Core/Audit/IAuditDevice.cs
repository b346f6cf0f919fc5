namespace Coffer.Core.Audit;

/// <summary>A place audit lines go. Each call writes whole JSON lines (one, or a read's request and response), each ending with a newline.</summary>
public interface IAuditDevice : IDisposable
{
    AuditDeviceEntry Entry { get; }

    /// <summary>Hashes sensitive strings for this device (each device has its own salt).</summary>
    AuditHasher Hasher { get; }

    /// <summary>
    /// Writes <paramref name="line"/>, which is valid only until this method returns (the caller reuses the buffer):
    /// a device that writes later must copy it first.
    /// </summary>
    Task WriteAsync(ReadOnlyMemory<byte> line, CancellationToken cancellationToken);

    /// <summary>Closes and reopens the underlying file, for log rotation (SIGHUP).</summary>
    void Reopen();
}
