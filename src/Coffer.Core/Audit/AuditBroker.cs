using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Coffer.Core.Json;
using Coffer.Core.Storage;
using Coffer.Core.Tokens;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Logical;
using Microsoft.Extensions.Logging;

namespace Coffer.Core.Audit;

/// <summary>
/// The enabled audit devices. With at least one device enabled, a request is served only if some device recorded
/// it: audit fails closed, as in Vault.
/// </summary>
public sealed partial class AuditBroker(IStorage barrier, TimeProvider time, ILogger logger)
{
    private const int InitialLineBufferSize = 4096;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_lineBuffer;

    private volatile IReadOnlyList<IAuditDevice> _devices = [];

    public IReadOnlyList<AuditDeviceEntry> Devices => _devices.Select(d => d.Entry).ToList();

    /// <summary>Whether any device is enabled; without one, logging costs nothing (not even the closure).</summary>
    public bool Enabled => _devices.Count > 0;

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var entries = await barrier.GetJsonAsync(CorePaths.Audit, CoreJsonContext.Default.ListAuditDeviceEntry, cancellationToken).ConfigureAwait(false) ?? [];
        var devices = new List<IAuditDevice>();
        foreach (var entry in entries)
        {
            try
            {
                devices.Add(Create(entry));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                // Keep the entry so a later write can succeed once the file is reachable again.
                DeviceUnavailable(logger, e, entry.Path);
                devices.Add(new UnavailableAuditDevice(entry, new AuditHasher(Convert.FromHexString(entry.Salt))));
            }
        }

        Swap(devices);
    }

    public void Unload() => Swap([]);

    public async Task EnableAsync(AuditDeviceEntry entry, CancellationToken cancellationToken)
    {
        if (_devices.Any(d => d.Entry.Path == entry.Path))
        {
            throw CofferException.BadRequest($"path already in use");
        }

        entry = entry with { Salt = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)) };
        IAuditDevice device;
        try
        {
            device = Create(entry);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or FormatException)
        {
            throw CofferException.BadRequest($"failed to enable audit device of type \"{entry.Type}\": {e.Message}");
        }

        var devices = _devices.Append(device).ToList();
        await SaveAsync(devices, cancellationToken).ConfigureAwait(false);
        Swap(devices);
    }

    public async Task DisableAsync(string path, CancellationToken cancellationToken)
    {
        var devices = _devices.Where(d => d.Entry.Path != path).ToList();
        await SaveAsync(devices, cancellationToken).ConfigureAwait(false);
        foreach (var removed in _devices.Where(d => d.Entry.Path == path))
        {
            removed.Dispose();
        }

        _devices = devices;
    }

    public string? Hash(string path, string input) =>
        _devices.FirstOrDefault(d => d.Entry.Path == path)?.Hasher.Hash(input);

    public void ReopenAll()
    {
        foreach (var device in _devices)
        {
            device.Reopen();
        }
    }

    public Task LogRequestAsync(LogicalRequest request, string fullPath, TokenEntry? caller, string? error, CancellationToken cancellationToken) =>
        Enabled ? WriteAsync(new AuditLines(AuditLineKind.Request, request, fullPath, caller, null, error), cancellationToken) : Task.CompletedTask;

    public Task LogResponseAsync(LogicalRequest request, string fullPath, TokenEntry? caller, LogicalResponse? response, string? error, CancellationToken cancellationToken) =>
        Enabled ? WriteAsync(new AuditLines(AuditLineKind.Response, request, fullPath, caller, response, error), cancellationToken) : Task.CompletedTask;

    /// <summary>The request line and the response line of a read that changed nothing, in one write per device.</summary>
    public Task LogReadAsync(LogicalRequest request, string fullPath, TokenEntry? caller, LogicalResponse? response, string? error, CancellationToken cancellationToken) =>
        Enabled ? WriteAsync(new AuditLines(AuditLineKind.RequestAndResponse, request, fullPath, caller, response, error), cancellationToken) : Task.CompletedTask;

    private async Task WriteAsync(AuditLines lines, CancellationToken cancellationToken)
    {
        var devices = _devices;
        if (devices.Count == 0)
        {
            return;
        }

        var recorded = 0;
        foreach (var device in devices)
        {
            try
            {
                // Built in this thread's buffer, which a device may use only until WriteAsync returns; looked up
                // again for each device, since an awaited write may resume on another thread.
                var buffer = t_lineBuffer ??= new ArrayBufferWriter<byte>(InitialLineBufferSize);
                buffer.ResetWrittenCount();
                lines.AppendTo(buffer, device, time.GetUtcNow());
                await device.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                recorded++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                DeviceFailed(logger, e, device.Entry.Path);
            }
        }

        if (recorded == 0)
        {
            throw new CofferException(ErrorKind.Internal, "audit: no audit device could record the request, so it was refused");
        }
    }

    private static IAuditDevice Create(AuditDeviceEntry entry)
    {
        var hasher = new AuditHasher(Convert.FromHexString(entry.Salt));
        return entry.Type switch
        {
            "file" => new FileAuditDevice(entry, hasher),
            _ => throw new ArgumentException($"unknown audit device type \"{entry.Type}\""),
        };
    }

    private Task SaveAsync(IEnumerable<IAuditDevice> devices, CancellationToken cancellationToken) =>
        barrier.PutJsonAsync(CorePaths.Audit, devices.Select(d => d.Entry).ToList(), CoreJsonContext.Default.ListAuditDeviceEntry, cancellationToken);

    private void Swap(IReadOnlyList<IAuditDevice> devices)
    {
        var previous = _devices;
        _devices = devices;
        foreach (var device in previous)
        {
            device.Dispose();
        }
    }

    [LoggerMessage(1, LogLevel.Error, "audit: device {Path} could not record an entry")]
    private static partial void DeviceFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(2, LogLevel.Error, "audit: device {Path} could not be opened; it will be retried on each request")]
    private static partial void DeviceUnavailable(ILogger logger, Exception exception, string path);
}
