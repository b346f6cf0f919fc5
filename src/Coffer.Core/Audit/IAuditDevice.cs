namespace Coffer.Core.Audit;

/// <summary>A place audit lines go. Implementations write one JSON line per call.</summary>
public interface IAuditDevice : IDisposable
{
    AuditDeviceEntry Entry { get; }

    /// <summary>Hashes sensitive strings for this device (each device has its own salt).</summary>
    AuditHasher Hasher { get; }

    Task WriteAsync(ReadOnlyMemory<byte> line, CancellationToken cancellationToken);

    /// <summary>Closes and reopens the underlying file, for log rotation (SIGHUP).</summary>
    void Reopen();
}
