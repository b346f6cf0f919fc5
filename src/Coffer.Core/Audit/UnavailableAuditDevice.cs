namespace Coffer.Core.Audit;

/// <summary>
/// A device whose file could not be opened at load time: it retries the real device on every write, so that once the
/// file is reachable again the device records without operator action, and until then it counts as failed.
/// </summary>
internal sealed class UnavailableAuditDevice(AuditDeviceEntry entry, AuditHasher hasher) : IAuditDevice
{
    private FileAuditDevice? _device;

    public AuditDeviceEntry Entry => entry;

    public AuditHasher Hasher => hasher;

    public Task WriteAsync(ReadOnlyMemory<byte> line, CancellationToken cancellationToken)
    {
        _device ??= new FileAuditDevice(entry, hasher);
        return _device.WriteAsync(line, cancellationToken);
    }

    public void Reopen() => _device?.Reopen();

    public void Dispose() => _device?.Dispose();
}
