using System.Text.Json.Nodes;
using Coffer.Core.Ha;
using Coffer.Sdk.Physical;

namespace Coffer.Core.Tests.Ha;

/// <summary>Integrated storage as Core sees it, with leadership set by the test and every call recorded.</summary>
internal sealed class FakeIntegratedStorage : IIntegratedStorage
{
    private volatile bool _isLeader;

    public event EventHandler? LeadershipChanged;

    public string NodeId => "node-1";

    public string ClusterAddress => "10.0.0.1:8201";

    public bool IsJoining => false;

    public bool IsLeader => _isLeader;

    public string? LeaderNodeId => _isLeader ? NodeId : "node-2";

    public string? LeaderClusterAddress => _isLeader ? ClusterAddress : "10.0.0.2:8201";

    public long Term { get; set; } = 4;

    public long CommittedIndex => 42;

    public long AppliedIndex => 41;

    public byte[] Issuer { get; } = "issuer material"u8.ToArray();

    public bool Bootstrapped { get; private set; }

    public bool BootstrapCompletedCalled { get; private set; }

    public List<FollowerHeartbeat> Heartbeats { get; } = [];

    public AutopilotSettings AutopilotSettings { get; set; } = new();

    /// <summary>Changes leadership and raises the event, as the engine does.</summary>
    public void SetLeader(bool isLeader)
    {
        _isLeader = isLeader;
        LeadershipChanged?.Invoke(this, EventArgs.Empty);
    }

    public Task<byte[]> BootstrapAsync(CancellationToken cancellationToken)
    {
        Bootstrapped = true;
        _isLeader = true;
        return Task.FromResult(Issuer);
    }

    public void BootstrapCompleted() => BootstrapCompletedCalled = true;

    public bool LeadWhileSealed { get; private set; }

    public Task SetLeadWhileSealedAsync(bool allowed, CancellationToken cancellationToken)
    {
        LeadWhileSealed = allowed;
        return Task.CompletedTask;
    }

    /// <summary>Physical values as the node has applied them; the tests put what they need.</summary>
    public Dictionary<string, byte[]> Applied { get; } = new(StringComparer.Ordinal);

    /// <summary>A value from <see cref="Applied"/>, else from <see cref="Physical"/> (which Raft would have applied).</summary>
    public byte[]? ReadApplied(string key) =>
        Applied.GetValueOrDefault(key) ?? Physical?.GetAsync(key).GetAwaiter().GetResult()?.Value;

    /// <summary>Every call of <see cref="SetUnsealedAsync"/>, in order.</summary>
    public List<bool> UnsealedCalls { get; } = [];

    public Task SetUnsealedAsync(bool unsealed, CancellationToken cancellationToken)
    {
        UnsealedCalls.Add(unsealed);
        return Task.CompletedTask;
    }

    public byte[] IssueNodeCredentials(ReadOnlySpan<byte> issuer, string nodeId) => [.. "credentials for "u8, .. System.Text.Encoding.UTF8.GetBytes(nodeId)];

    public Task CompleteJoinAsync(SealedBlobOpener open, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task AddPeerAsync(string nodeId, string clusterAddress, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RemovePeerAsync(string nodeId, CancellationToken cancellationToken) => Task.CompletedTask;

    public RaftConfiguration GetConfiguration() => new(7, [new RaftServerInfo(NodeId, ClusterAddress, _isLeader, true)]);

    public bool RecordHeartbeat(FollowerHeartbeat heartbeat)
    {
        Heartbeats.Add(heartbeat);
        return true;
    }

    public JsonObject GetAutopilotState() => new() { ["healthy"] = true };

    /// <summary>The physical backend Core writes to, for snapshot save and restore; set by tests that use them.</summary>
    public IPhysicalBackend? Physical { get; set; }

    public long RestoreGeneration { get; private set; }

    public event EventHandler? StateRestored;

    public async Task<StoredStateVersion> CaptureStateAsync(CancellationToken cancellationToken)
    {
        var physical = Physical ?? throw new InvalidOperationException("No physical backend given to the fake.");
        var entries = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var key in await AllKeysAsync(physical, string.Empty, cancellationToken))
        {
            entries[key] = (await physical.GetAsync(key, cancellationToken))!.Value;
        }

        return new StoredStateVersion(AppliedIndex, Term, entries);
    }

    /// <summary>Not atomic, unlike Raft: the entries are read in full before anything changes, which is enough for Core's tests.</summary>
    public async Task RestoreStateAsync(IAsyncEnumerable<KeyValuePair<string, byte[]>> entries, string keepPrefix, CancellationToken cancellationToken)
    {
        var physical = Physical ?? throw new InvalidOperationException("No physical backend given to the fake.");
        var incoming = new List<KeyValuePair<string, byte[]>>();
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            incoming.Add(entry);
        }

        foreach (var key in await AllKeysAsync(physical, string.Empty, cancellationToken))
        {
            if (!key.StartsWith(keepPrefix, StringComparison.Ordinal))
            {
                await physical.DeleteAsync(key, cancellationToken);
            }
        }

        foreach (var (key, value) in incoming.Where(e => !e.Key.StartsWith(keepPrefix, StringComparison.Ordinal)))
        {
            await physical.PutAsync(new PhysicalEntry(key, value), cancellationToken);
        }

        RestoreGeneration++;
        StateRestored?.Invoke(this, EventArgs.Empty);
    }

    private static async Task<List<string>> AllKeysAsync(IPhysicalBackend physical, string prefix, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        foreach (var child in await physical.ListAsync(prefix, cancellationToken))
        {
            if (child.EndsWith('/'))
            {
                keys.AddRange(await AllKeysAsync(physical, prefix + child, cancellationToken));
            }
            else
            {
                keys.Add(prefix + child);
            }
        }

        return keys;
    }
}
