using Coffer.Testing;

namespace Coffer.Raft.Tests.Infrastructure;

/// <summary>
/// In-process Raft nodes on loopback with dynamic ports, each with its own data directory. Nodes can be stopped and
/// restarted on their data; every node and the directory are released on dispose.
/// </summary>
internal sealed class RaftTestCluster : IAsyncDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly Func<RaftOptions, RaftOptions> _customize;
    private readonly Dictionary<string, RaftOptions> _options = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RaftBackend> _running = new(StringComparer.Ordinal);

    public RaftTestCluster(Func<RaftOptions, RaftOptions>? customize = null)
    {
        _customize = customize ?? (o => o);
    }

    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public IReadOnlyCollection<string> NodeIds => _options.Keys;

    public RaftBackend this[string nodeId] => _running[nodeId];

    public IEnumerable<RaftBackend> Running => _running.Values;

    /// <summary>Starts a three-node cluster: n1 bootstraps, n2 and n3 join through AddMember.</summary>
    public static async Task<RaftTestCluster> StartThreeAsync(Func<RaftOptions, RaftOptions>? customize = null)
    {
        var cluster = new RaftTestCluster(customize);
        try
        {
            var leader = await cluster.StartNodeAsync("n1", bootstrap: true);
            foreach (var id in new[] { "n2", "n3" })
            {
                var node = await cluster.StartNodeAsync(id, bootstrap: false);
                await leader.AddMemberAsync(id, node.ClusterAddress, TestContext.Current.CancellationToken);
            }

            await Eventually.TrueAsync(() => cluster.Running.All(n => n.Members.Count == 3 && n.LeaderAddress is not null), Patience, "all nodes see three members and a leader");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async Task<RaftBackend> StartNodeAsync(string nodeId, bool bootstrap)
    {
        var options = _customize(new RaftOptions
        {
            NodeId = nodeId,
            DataPath = _directory.Sub(nodeId),
            ClusterAddress = FreePort.NextAddress(),
            Bootstrap = bootstrap,
            PerformanceMultiplier = 1,
        });
        _options[nodeId] = options;
        return await StartAsync(nodeId);
    }

    /// <summary>Stops a node as a clean shutdown would; its data stays for <see cref="RestartAsync"/>.</summary>
    public async Task StopAsync(string nodeId)
    {
        if (_running.Remove(nodeId, out var node))
        {
            await node.DisposeAsync();
        }
    }

    public Task<RaftBackend> RestartAsync(string nodeId) => StartAsync(nodeId);

    public async Task<RaftBackend> LeaderAsync()
    {
        RaftBackend? leader = null;
        await Eventually.TrueAsync(
            () => (leader = Running.SingleOrDefault(n => n.IsLeader)) is not null && Running.All(n => n.LeaderAddress == leader.ClusterAddress),
            Patience,
            "one leader that every running node agrees on");
        return leader!;
    }

    public string DataPath(string nodeId) => _options[nodeId].DataPath;

    private async Task<RaftBackend> StartAsync(string nodeId)
    {
        var node = new RaftBackend(_options[nodeId]);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(Patience);
            await node.StartAsync(timeout.Token);
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }

        _running[nodeId] = node;
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _running.Values)
        {
            await node.DisposeAsync();
        }

        _running.Clear();
        _directory.Dispose();
    }
}
