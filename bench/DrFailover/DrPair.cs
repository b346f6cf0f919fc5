using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Coffer.Testing;
using Coffer.Testing.Processes;
using Coffer.Testing.UserStory;

namespace Coffer.Bench.DrFailover;

/// <summary>
/// Steps 1 to 5 of the user story on real processes: a one-node Raft primary and a three-node Raft DR secondary,
/// activated, every secondary node unsealed with the primary's key, and a batch DR operation token minted on the
/// primary from the failover-handler role. Disposing kills every process and deletes the data.
/// </summary>
internal sealed class DrPair : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public CofferCluster Primary { get; } = new(1);

    public CofferCluster Secondary { get; } = new(3);

    public ClusterNodeProcess PrimaryNode => Primary[0];

    /// <summary>The primary's root token; the secondary holds the same token store.</summary>
    public string RootToken => Primary.RootToken;

    public string BatchToken { get; private set; } = string.Empty;

    public IEnumerable<int> ProcessIds =>
        Primary.Nodes.Concat(Secondary.Nodes).Select(n => n.Process?.ProcessId).OfType<int>();

    public async Task SetUpAsync(Action<IEnumerable<int>> started, CancellationToken cancellationToken)
    {
        await Task.WhenAll(Primary.FormAsync(shares: 1, threshold: 1), Secondary.FormAsync()).WaitAsync(cancellationToken);
        started(ProcessIds);
        var primary = PrimaryNode;
        var root = RootToken;
        await primary.RequireAsync(HttpMethod.Post, "sys/mounts/secret", new JsonObject { ["type"] = "kv", ["options"] = new JsonObject { ["version"] = "2" } }, root);
        await primary.RequireAsync(HttpMethod.Post, "secret/data/app", new JsonObject { ["data"] = new JsonObject { ["password"] = "before-failover" } }, root);
        await primary.RequireAsync(HttpMethod.Post, "sys/replication/dr/primary/enable", new JsonObject { ["primary_cluster_addr"] = FreeAddress() }, root);
        await primary.RequireAsync(HttpMethod.Put, "sys/policies/acl/dr-secondary-promotion", new JsonObject { ["policy"] = UserStoryPolicies.DrSecondaryPromotion }, root);
        await primary.RequireAsync(HttpMethod.Post, "auth/token/roles/failover-handler", new JsonObject
        {
            ["allowed_policies"] = "dr-secondary-promotion", ["orphan"] = true, ["renewable"] = false, ["token_type"] = "batch",
        }, root);
        BatchToken = (string)(await primary.RequireAsync(HttpMethod.Post, "auth/token/create/failover-handler", new JsonObject { ["ttl"] = "1h" }, root))!["auth"]!["client_token"]!;
        var activation = (string)(await primary.RequireAsync(HttpMethod.Post, "sys/replication/dr/primary/secondary-token", new JsonObject { ["id"] = "dr-bench" }, root))!["wrap_info"]!["token"]!;

        var active = await Secondary.WaitForActiveAsync();
        await active.RequireAsync(HttpMethod.Post, "sys/replication/dr/secondary/enable", new JsonObject
        {
            ["token"] = activation, ["primary_api_addr"] = primary.Address,
        }, Secondary.RootToken);
        await WaitForCatchUpAsync(cancellationToken);

        // Activation replaces the secondary's keyring and seal configuration with the primary's: every node seals
        // and is unsealed with the primary's single key share.
        foreach (var node in Secondary.Nodes)
        {
            await Eventually.TrueAsync(async () =>
            {
                var seal = await node.SealStatusAsync();
                return (bool)seal["sealed"]! && (int)seal["n"]! == 1;
            }, Patience, $"{node.NodeId} sealed with the primary's seal", cancellationToken);
            await node.UnsealAsync(Primary.Keys);
        }

        foreach (var node in Secondary.Nodes)
        {
            await Eventually.TrueAsync(async () => (await CofferCluster.TrySendAsync(node, HttpMethod.Get, "sys/health")).Status == (HttpStatusCode)472,
                Patience, $"{node.NodeId} to answer as a DR secondary", cancellationToken);
        }
    }

    /// <summary>The secondary's dr/status <c>data</c> from its active node.</summary>
    public static async Task<JsonObject> DrStatusAsync(ClusterNodeProcess node) =>
        (JsonObject)(await node.RequireAsync(HttpMethod.Get, "sys/replication/dr/status"))!["data"]!;

    /// <summary>Waits until a secondary node streams and has applied the primary's last index.</summary>
    private async Task WaitForCatchUpAsync(CancellationToken cancellationToken)
    {
        var target = (long)(await DrStatusAsync(PrimaryNode))["last_wal"]!;
        await Eventually.TrueAsync(async () =>
        {
            foreach (var node in Secondary.Nodes)
            {
                var (status, body) = await CofferCluster.TrySendAsync(node, HttpMethod.Get, "sys/replication/dr/status");
                if (status == HttpStatusCode.OK && body?["data"] is JsonObject data
                    && (string?)data["state"] == "stream-wals" && data["last_remote_wal"]?.GetValue<long>() >= target)
                {
                    return true;
                }
            }

            return false;
        }, Patience, $"the secondary at the primary's index {target}", cancellationToken);
    }

    private static string FreeAddress() => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{CofferExecutable.FreeLoopbackPort()}");

    public async ValueTask DisposeAsync()
    {
        await Secondary.DisposeAsync();
        await Primary.DisposeAsync();
    }
}
