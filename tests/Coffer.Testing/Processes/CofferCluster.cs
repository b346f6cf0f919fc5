using System.Net;
using System.Text.Json.Nodes;

namespace Coffer.Testing.Processes;

/// <summary>
/// Several <c>coffer server</c> processes on 127.0.0.1 forming one integrated storage (Raft) cluster, each with its
/// own configuration file, data directory and free ports. Nodes can be started, killed and restarted on their data;
/// disposing kills every process and deletes the directory.
/// </summary>
public sealed class CofferCluster : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-cluster-").FullName;

    /// <param name="size">Number of nodes.</param>
    /// <param name="retryJoin">Whether nodes 2.. join node 1 by themselves at start-up.</param>
    /// <param name="raftSettings">Extra lines for every node's <c>storage "raft"</c> block, such as <c>snapshot_threshold = 100</c>.</param>
    /// <param name="performanceMultiplier">Raft timings (2: elections after 300–600 ms, quick tests; 5 is Vault's default).</param>
    public CofferCluster(int size, bool retryJoin = false, string raftSettings = "", int performanceMultiplier = 2)
    {
        // Each node's Raft port is followed by a free port for DR replication (a Raft cluster's default replication
        // listener), and no port is handed out twice.
        var taken = new HashSet<int>();
        Nodes = Enumerable.Range(0, size)
            .Select(i =>
            {
                var api = CofferExecutable.FreeLoopbackPort(taken);
                taken.Add(api);
                var raft = CofferExecutable.FreeLoopbackPortPair(taken);
                taken.UnionWith([raft, raft + 1]);
                return new ClusterNodeProcess($"node-{i + 1}", _directory, api, raft);
            })
            .ToList();
        for (var i = 0; i < size; i++)
        {
            Nodes[i].WriteConfig(retryJoin && i > 0 ? Nodes[0] : null, raftSettings, performanceMultiplier);
        }
    }

    public IReadOnlyList<ClusterNodeProcess> Nodes { get; }

    public ClusterNodeProcess this[int index] => Nodes[index];

    /// <summary>The directory holding every node's configuration and data.</summary>
    public string Root => _directory;

    /// <summary>Unseal key shares (base64) from <see cref="InitAsync"/>.</summary>
    public IReadOnlyList<string> Keys { get; private set; } = [];

    public string RootToken { get; private set; } = string.Empty;

    public Task StartAllAsync() => Task.WhenAll(Nodes.Select(n => n.StartAsync()));

    /// <summary>Initialises the first node (3 shares, threshold 2 unless told), which bootstraps a one-node cluster.</summary>
    public async Task InitAsync(int shares = 3, int threshold = 2)
    {
        var init = (await Nodes[0].RequireAsync(HttpMethod.Put, "sys/init", new JsonObject { ["secret_shares"] = shares, ["secret_threshold"] = threshold }))!;
        Keys = init["keys_base64"]!.AsArray().Select(k => (string)k!).ToList();
        RootToken = (string)init["root_token"]!;
    }

    /// <summary>Starts every node, initialises and unseals the first, then joins and unseals the others through the API.</summary>
    public async Task FormAsync(int shares = 3, int threshold = 2)
    {
        await StartAllAsync();
        await InitAsync(shares, threshold);
        await Nodes[0].UnsealAsync(Keys);
        await WaitForActiveAsync();
        foreach (var node in Nodes.Skip(1))
        {
            await node.RequireAsync(HttpMethod.Post, "sys/storage/raft/join", new JsonObject { ["leader_api_addr"] = Nodes[0].Address });
            await node.UnsealAsync(Keys);
        }

        await WaitForVotersAsync(Nodes.Count);
    }

    /// <summary>The node that answers <c>sys/leader</c> with <c>is_self</c>, once one does and the others name it.</summary>
    public async Task<ClusterNodeProcess> WaitForActiveAsync(TimeSpan? patience = null)
    {
        ClusterNodeProcess? active = null;
        await Eventually.TrueAsync(async () =>
        {
            active = null;
            foreach (var node in Nodes.Where(n => n.IsRunning))
            {
                var (status, leader) = await TrySendAsync(node, HttpMethod.Get, "sys/leader");
                if (status == HttpStatusCode.OK && leader?["is_self"]?.GetValue<bool>() == true)
                {
                    active = node;
                }
            }

            return active is not null;
        }, patience ?? TimeSpan.FromSeconds(30), "an active node");
        return active!;
    }

    /// <summary>Waits until the active node's configuration lists <paramref name="count"/> voters.</summary>
    public async Task WaitForVotersAsync(int count, TimeSpan? patience = null)
    {
        await Eventually.TrueAsync(async () =>
        {
            var active = await WaitForActiveAsync();
            var (status, body) = await TrySendAsync(active, HttpMethod.Get, "sys/storage/raft/configuration", RootToken);
            return status == HttpStatusCode.OK
                && body?["data"]?["config"]?["servers"] is JsonArray servers
                && servers.Count(s => s?["voter"]?.GetValue<bool>() == true) == count;
        }, patience ?? TimeSpan.FromSeconds(30), $"{count} voters");
    }

    /// <summary>Like <see cref="ClusterNodeProcess.SendAsync"/>, but a refused connection is an answer of 0.</summary>
    public static async Task<(HttpStatusCode Status, JsonObject? Body)> TrySendAsync(ClusterNodeProcess node, HttpMethod method, string path,
        string? token = null, JsonObject? body = null)
    {
        try
        {
            return await node.SendAsync(method, path, body, token);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return (0, null);
        }
    }

    /// <summary>Every node's output, for failure messages.</summary>
    public string Outputs() => string.Join("\n", Nodes.Select(n => $"--- {n.NodeId}\n{n.Output}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A killed process may still be releasing a file; the temporary directory is cleaned up later.
        }
    }
}
