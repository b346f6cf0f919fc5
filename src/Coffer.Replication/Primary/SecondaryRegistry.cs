using Coffer.Replication.Storage;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Physical;
using Google.Protobuf;

namespace Coffer.Replication.Primary;

/// <summary>
/// The secondaries a primary has issued credentials to, persisted under
/// <see cref="ReplicationKeys.SecondaryRegistryPrefix"/>, with the streams currently open for each.
/// </summary>
internal sealed class SecondaryRegistry(IPhysicalBackend storage)
{
    private const uint FormatVersion = 1;
    private const int MaxIdLength = 256;

    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _persistGate = new(1, 1);
    private readonly Dictionary<string, KnownSecondaryRecord> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ActiveStream>> _streams = new(StringComparer.Ordinal);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var children = await storage.ListAsync(ReplicationKeys.SecondaryRegistryPrefix, cancellationToken).ConfigureAwait(false);
        foreach (var child in children)
        {
            var stored = await storage.GetAsync(ReplicationKeys.SecondaryRegistryPrefix + child, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                continue;
            }

            var record = KnownSecondaryRecord.Parser.ParseFrom(stored.Value);
            if (record.FormatVersion != FormatVersion)
            {
                throw new InvalidDataException($"Unsupported secondary registry format version {record.FormatVersion}.");
            }

            lock (_lock)
            {
                _byId[record.Id] = record;
            }
        }
    }

    public static void ValidateId(string id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength || id.Any(char.IsControl))
        {
            throw CofferException.BadRequest($"secondary id must be 1 to {MaxIdLength} printable characters");
        }
    }

    /// <summary>Records new credentials for <paramref name="id"/>; an id already in use (not revoked) is refused.</summary>
    public async Task RegisterAsync(string id, string certificateSha256, DateTimeOffset issuedAt, CancellationToken cancellationToken)
    {
        ValidateId(id);
        lock (_lock)
        {
            if (_byId.TryGetValue(id, out var existing) && !existing.Revoked)
            {
                throw CofferException.BadRequest($"a secondary with id \"{id}\" already exists; revoke it first");
            }

            _byId[id] = new KnownSecondaryRecord
            {
                FormatVersion = FormatVersion,
                Id = id,
                CertificateSha256 = certificateSha256,
                IssuedAtUnixMs = issuedAt.ToUnixTimeMilliseconds(),
            };
        }

        await PersistAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Revokes <paramref name="id"/>: its certificate is refused from now on and its open streams end.</summary>
    public async Task RevokeAsync(string id, CancellationToken cancellationToken)
    {
        List<ActiveStream> streams;
        lock (_lock)
        {
            if (!_byId.TryGetValue(id, out var record) || record.Revoked)
            {
                throw CofferException.BadRequest($"no active secondary with id \"{id}\"");
            }

            var revoked = record.Clone();
            revoked.Revoked = true;
            _byId[id] = revoked;
            streams = _streams.TryGetValue(id, out var open) ? [.. open] : [];
        }

        await PersistAsync(id, cancellationToken).ConfigureAwait(false);
        foreach (var stream in streams)
        {
            stream.Revoke();
        }
    }

    /// <summary>The non-revoked secondary holding the certificate with this fingerprint, if any.</summary>
    public string? FindActiveIdByFingerprint(string certificateSha256)
    {
        lock (_lock)
        {
            foreach (var record in _byId.Values)
            {
                if (!record.Revoked && record.CertificateSha256 == certificateSha256)
                {
                    return record.Id;
                }
            }

            return null;
        }
    }

    /// <summary>Tracks an open stream, or returns null when the secondary was revoked meanwhile.</summary>
    public ActiveStream? OpenStream(string id, string? remoteAddress, CancellationToken callCancelled)
    {
        lock (_lock)
        {
            // Checked under the same lock RevokeAsync takes, so no stream can slip past a revocation.
            if (!_byId.TryGetValue(id, out var record) || record.Revoked)
            {
                return null;
            }

            var stream = new ActiveStream(id, remoteAddress, CancellationTokenSource.CreateLinkedTokenSource(callCancelled), CloseStream);
            if (!_streams.TryGetValue(id, out var open))
            {
                _streams[id] = open = [];
            }

            open.Add(stream);
            return stream;
        }
    }

    /// <summary>Notes that <paramref name="id"/> was heard from, optionally with how far it has applied.</summary>
    public async Task RecordSeenAsync(string id, long? appliedIndex, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_byId.TryGetValue(id, out var record) || record.Revoked)
            {
                return;
            }

            var updated = record.Clone();
            updated.LastSeenUnixMs = now.ToUnixTimeMilliseconds();
            if (appliedIndex is { } index)
            {
                updated.LastAckedIndex = (ulong)index;
            }

            _byId[id] = updated;
        }

        await PersistAsync(id, cancellationToken).ConfigureAwait(false);
    }

    public IReadOnlyList<KnownSecondary> Snapshot()
    {
        lock (_lock)
        {
            return _byId.Values
                .OrderBy(r => r.Id, StringComparer.Ordinal)
                .Select(r =>
                {
                    var open = _streams.TryGetValue(r.Id, out var streams) && streams.Count > 0 ? streams[^1] : null;
                    return new KnownSecondary(
                        r.Id,
                        r.CertificateSha256,
                        DateTimeOffset.FromUnixTimeMilliseconds(r.IssuedAtUnixMs),
                        r.LastSeenUnixMs == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.LastSeenUnixMs),
                        (long)r.LastAckedIndex,
                        r.Revoked,
                        open is not null,
                        open?.RemoteAddress);
                })
                .ToList();
        }
    }

    private void CloseStream(ActiveStream stream)
    {
        lock (_lock)
        {
            if (_streams.TryGetValue(stream.SecondaryId, out var open))
            {
                open.Remove(stream);
                if (open.Count == 0)
                {
                    _streams.Remove(stream.SecondaryId);
                }
            }
        }
    }

    // Writes the latest in-memory record, under a gate, so a slow older write never lands after a newer one.
    private async Task PersistAsync(string id, CancellationToken cancellationToken)
    {
        await _persistGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            KnownSecondaryRecord record;
            lock (_lock)
            {
                record = _byId[id];
            }

            await storage.PutAsync(new PhysicalEntry(KeyFor(id), record.ToByteArray()), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _persistGate.Release();
        }
    }

    private static string KeyFor(string id) => ReplicationKeys.SecondaryRegistryPrefix + Uri.EscapeDataString(id);
}
