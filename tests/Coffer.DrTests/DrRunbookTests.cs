using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Coffer.Testing;
using Coffer.Testing.Processes;
using Coffer.Testing.UserStory;

namespace Coffer.DrTests;

/// <summary>
/// The unplanned-failover runbook on integrated storage, with real processes: a one-node primary A (five key
/// shares, threshold three) and a three-node DR secondary B. A dies under writes; B is promoted with a DR operation
/// token generated from three of A's five shares; every bad input on the way is refused and changes nothing; the
/// writes missing on B are exactly those inside the lag B reported before the loss. Then A comes back, is demoted and
/// follows B, and the cluster fails back to A with the batch DR token made on A before the outage.
/// </summary>
[Trait("Category", "Process")]
public sealed class DrRunbookTests : IAsyncLifetime
{
    private const string OperationTokenPath = "sys/replication/dr/secondary/generate-operation-token/";

    private readonly CofferCluster _a = new(1);
    private readonly CofferCluster _b = new(3);

    public async ValueTask InitializeAsync()
    {
        await Task.WhenAll(_a.FormAsync(shares: 5, threshold: 3), _b.FormAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
    }

    [Fact(Timeout = 180_000)]
    public async Task UnplannedFailover_ThresholdToken_LosesOnlyTheReportedLag_ThenFailsBack()
    {
        var ct = TestContext.Current.CancellationToken;
        var a = _a[0];
        var root = _a.RootToken;
        await Require(a, HttpMethod.Post, "sys/mounts/secret", root, new JsonObject { ["type"] = "kv", ["options"] = new JsonObject { ["version"] = "2" } });
        await Require(a, HttpMethod.Post, "sys/replication/dr/primary/enable", root, new JsonObject { ["primary_cluster_addr"] = FreeAddress() });
        await Require(a, HttpMethod.Put, "sys/policies/acl/dr-secondary-promotion", root, new JsonObject { ["policy"] = UserStoryPolicies.DrSecondaryPromotion });
        await Require(a, HttpMethod.Post, "auth/token/roles/failover-handler", root, new JsonObject
        {
            ["allowed_policies"] = "dr-secondary-promotion", ["orphan"] = true, ["renewable"] = false, ["token_type"] = "batch",
        });
        var batch = await BatchTokenAsync(a, root, "8h");
        var shortBatch = await BatchTokenAsync(a, root, "1s");

        ct.ThrowIfCancellationRequested();

        // (e) Promoting a primary is refused, and changes nothing.
        await Expect(a, HttpStatusCode.BadRequest, HttpMethod.Post, "sys/replication/dr/secondary/promote", null,
            new JsonObject { ["dr_operation_token"] = batch }, "Not a DR secondary.");
        Assert.Equal("primary", (string?)(await DrStatusAsync(a))["mode"]);

        await ActivateAsync(a, _b, "dr-b");
        var b = await _b.WaitForActiveAsync();

        ct.ThrowIfCancellationRequested();

        // Step 5 of the user story: the batch token in X-Vault-Token reads autopilot state on the secondary. The
        // active node has just been unsealed, so its standbys count as healthy once their first heartbeat arrives.
        var autopilot = await Eventually.ValueAsync(
            () => Require(b, HttpMethod.Get, "sys/storage/raft/autopilot/state", batch),
            s => (int)s["data"]!["failure_tolerance"]! == 1,
            TimeSpan.FromSeconds(15), "three healthy voters on B", ct);
        Assert.Equal(3, autopilot["data"]!["servers"]!.AsObject().Count);

        ct.ThrowIfCancellationRequested();

        // Writes under way when A dies; B's lag is read just before.
        var acknowledged = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"app-{i}");
            await Require(a, HttpMethod.Post, "secret/data/" + key, root, new JsonObject { ["data"] = new JsonObject { ["n"] = i } });
            acknowledged.Add(key);
        }

        var primaryLast = (long)(await DrStatusAsync(a))["last_wal"]!;
        var secondaryApplied = (long)(await DrStatusAsync(b))["last_remote_wal"]!;
        var lag = primaryLast - secondaryApplied;
        await a.KillAsync();

        ct.ThrowIfCancellationRequested();

        // (e) On the secondary: an expired batch token, a token of another cluster (B's own root token, from before
        // B became A's secondary), a wrong OTP, a wrong nonce and wrong key shares are each refused.
        await Eventually.TrueAsync(async () => (await CofferCluster.TrySendAsync(b, HttpMethod.Get, "sys/health")).Status == (HttpStatusCode)472,
            TimeSpan.FromSeconds(10), "B to answer as a DR secondary");
        await Task.Delay(TimeSpan.FromSeconds(1.5), ct);
        await Expect(b, HttpStatusCode.Forbidden, HttpMethod.Post, "sys/replication/dr/secondary/promote", null,
            new JsonObject { ["dr_operation_token"] = shortBatch }, "permission denied");
        await Expect(b, HttpStatusCode.Forbidden, HttpMethod.Post, "sys/replication/dr/secondary/promote", null,
            new JsonObject { ["dr_operation_token"] = _b.RootToken }, "permission denied");
        await Expect(b, HttpStatusCode.BadRequest, HttpMethod.Put, OperationTokenPath + "attempt", root,
            new JsonObject { ["otp"] = "too-short" }, "OTP string is wrong length");
        var attempt = await Require(b, HttpMethod.Put, OperationTokenPath + "attempt", root, new JsonObject());
        var otp = (string)attempt["otp"]!;
        var nonce = (string)attempt["nonce"]!;
        await Expect(b, HttpStatusCode.BadRequest, HttpMethod.Put, OperationTokenPath + "update", root,
            new JsonObject { ["key"] = _a.Keys[0], ["nonce"] = Guid.NewGuid().ToString() }, "incorrect nonce supplied");
        var wrongKeys = new[] { _b.Keys[0], _b.Keys[1], _b.Keys[2] };
        var (aborted, abortedBody) = await SubmitSharesAsync(b, root, nonce, wrongKeys);
        Assert.Equal(HttpStatusCode.BadRequest, aborted);
        Assert.Contains("root generation aborted", abortedBody);
        Assert.Equal("secondary", (string?)(await DrStatusAsync(b))["mode"]);

        ct.ThrowIfCancellationRequested();

        // (b) Three of A's five shares generate the DR operation token; decoded with another OTP it is refused.
        var (encoded, otpUsed) = await RunCeremonyAsync(b, root, [_a.Keys[4], _a.Keys[1], _a.Keys[3]]);
        var wrongOtp = new string(otpUsed.Reverse().ToArray());
        await Expect(b, HttpStatusCode.Forbidden, HttpMethod.Put, "sys/storage/raft/autopilot/state", null,
            new JsonObject { ["dr_operation_token"] = Decode(encoded, wrongOtp) }, "permission denied");
        var first = Decode(encoded, otpUsed);
        Assert.StartsWith("hvs.", first);

        ct.ThrowIfCancellationRequested();

        // (d) The generated token authorises one operation (here: autopilot state through Vault's PUT form), not two.
        var state = await Require(b, HttpMethod.Put, "sys/storage/raft/autopilot/state", null, new JsonObject { ["dr_operation_token"] = first });
        Assert.NotNull(state["data"]!["leader"]);
        await Expect(b, HttpStatusCode.Forbidden, HttpMethod.Put, "sys/storage/raft/autopilot/state", null,
            new JsonObject { ["dr_operation_token"] = first }, "permission denied");

        ct.ThrowIfCancellationRequested();

        // (b) A fresh threshold token promotes B; A is unreachable, so no force is needed.
        var promoteToken = await GenerateOperationTokenAsync(b, root, [_a.Keys[0], _a.Keys[2], _a.Keys[4]]);
        var bReplicationAddress = FreeAddress();
        var promoted = await Require(b, HttpMethod.Post, "sys/replication/dr/secondary/promote", null,
            new JsonObject { ["dr_operation_token"] = promoteToken, ["primary_cluster_addr"] = bReplicationAddress });
        Assert.NotEmpty(promoted["warnings"]!.AsArray());
        b = await WaitForPrimaryAsync(_b);

        ct.ThrowIfCancellationRequested();

        // Only writes inside the reported lag may be missing, and they are the last ones acknowledged.
        var missing = new List<string>();
        foreach (var key in acknowledged)
        {
            var (status, _) = await b.SendAsync(HttpMethod.Get, "secret/data/" + key, token: root);
            if (status == HttpStatusCode.NotFound)
            {
                missing.Add(key);
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, status);
            }
        }

        Assert.True(missing.Count <= lag, $"{missing.Count} writes missing, reported lag {lag}");
        Assert.Equal(acknowledged.TakeLast(missing.Count), missing);
        await Require(b, HttpMethod.Post, "secret/data/after-failover", root, new JsonObject { ["data"] = new JsonObject { ["n"] = 1 } });

        ct.ThrowIfCancellationRequested();

        // (c) A returns believing it is the primary: it is demoted before anything else, then follows B with the
        // batch DR token made on A before the outage, and receives B's writes.
        await a.StartAsync();
        await a.UnsealAsync(_a.Keys);
        a = await _a.WaitForActiveAsync();
        await Require(a, HttpMethod.Post, "sys/replication/dr/primary/demote", root, new JsonObject());
        var activationForA = await SecondaryTokenAsync(b, root, "dr-a");
        await Require(a, HttpMethod.Post, "sys/replication/dr/secondary/update-primary", null, new JsonObject
        {
            ["dr_operation_token"] = batch, ["token"] = activationForA, ["primary_api_addr"] = b.Address,
        });
        await WaitForCatchUpAsync(b, _a);

        ct.ThrowIfCancellationRequested();

        // Failback: demote B, promote A with the same batch token, attach B to A.
        await Require(b, HttpMethod.Post, "sys/replication/dr/primary/demote", root, new JsonObject());
        await Eventually.TrueAsync(async () => (await a.SendAsync(HttpMethod.Post, "sys/replication/dr/secondary/promote",
                new JsonObject { ["dr_operation_token"] = batch, ["primary_cluster_addr"] = FreeAddress() })).Status == HttpStatusCode.OK,
            TimeSpan.FromSeconds(15), "A to accept promotion once B stopped streaming");
        a = await WaitForPrimaryAsync(_a);
        var back = await Require(a, HttpMethod.Get, "secret/data/after-failover", root);
        Assert.Equal(1, (int)back["data"]!["data"]!["n"]!);
        var activationForB = await SecondaryTokenAsync(a, root, "dr-b-again");
        b = await _b.WaitForActiveAsync();
        await Require(b, HttpMethod.Post, "sys/replication/dr/secondary/update-primary", null, new JsonObject
        {
            ["dr_operation_token"] = batch, ["token"] = activationForB, ["primary_api_addr"] = a.Address,
        });
        await Require(a, HttpMethod.Post, "secret/data/after-failback", root, new JsonObject { ["data"] = new JsonObject { ["n"] = 2 } });
        await WaitForCatchUpAsync(a, _b);
    }

    private static string FreeAddress() => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{CofferExecutable.FreeLoopbackPort()}");

    private static async Task<string> BatchTokenAsync(ClusterNodeProcess primary, string root, string ttl) =>
        (string)(await Require(primary, HttpMethod.Post, "auth/token/create/failover-handler", root, new JsonObject { ["ttl"] = ttl }))["auth"]!["client_token"]!;

    private static async Task<string> SecondaryTokenAsync(ClusterNodeProcess primary, string root, string id) =>
        (string)(await Require(primary, HttpMethod.Post, "sys/replication/dr/primary/secondary-token", root, new JsonObject { ["id"] = id }))["wrap_info"]!["token"]!;

    /// <summary>Activates <paramref name="secondary"/> from <paramref name="primary"/> and unseals every node with the primary's keys.</summary>
    private async Task ActivateAsync(ClusterNodeProcess primary, CofferCluster secondary, string id)
    {
        var activation = await SecondaryTokenAsync(primary, _a.RootToken, id);
        var active = await secondary.WaitForActiveAsync();
        await Require(active, HttpMethod.Post, "sys/replication/dr/secondary/enable", secondary.RootToken, new JsonObject
        {
            ["token"] = activation, ["primary_api_addr"] = primary.Address,
        });
        await WaitForCatchUpAsync(primary, secondary);
        foreach (var node in secondary.Nodes)
        {
            await Eventually.TrueAsync(async () => (bool)(await node.SealStatusAsync())["sealed"]! && (int)(await node.SealStatusAsync())["n"]! == 5,
                TimeSpan.FromSeconds(15), $"{node.NodeId} sealed with the primary's seal");
            await node.UnsealAsync(_a.Keys.Take(3).ToList());
        }

        await secondary.WaitForActiveAsync();
    }

    /// <summary>Runs the key-share ceremony over HTTP (the primary's root token authenticates it) and decodes the result.</summary>
    private static async Task<string> GenerateOperationTokenAsync(ClusterNodeProcess secondary, string root, IReadOnlyList<string> keys)
    {
        var (encoded, otp) = await RunCeremonyAsync(secondary, root, keys);
        return Decode(encoded, otp);
    }

    private static async Task<(string Encoded, string Otp)> RunCeremonyAsync(ClusterNodeProcess secondary, string root, IReadOnlyList<string> keys)
    {
        await secondary.SendAsync(HttpMethod.Delete, OperationTokenPath + "attempt", token: root);
        var attempt = await Require(secondary, HttpMethod.Put, OperationTokenPath + "attempt", root, new JsonObject());
        var otp = (string)attempt["otp"]!;
        JsonObject? last = null;
        foreach (var key in keys)
        {
            last = await Require(secondary, HttpMethod.Put, OperationTokenPath + "update", root, new JsonObject { ["key"] = key, ["nonce"] = (string)attempt["nonce"]! });
        }

        Assert.True((bool)last!["complete"]!);
        return ((string)last["encoded_token"]!, otp);
    }

    /// <summary>The CLI's <c>-decode</c>: the encoded token (base64 without padding) XOR the OTP.</summary>
    private static string Decode(string encoded, string otp)
    {
        var raw = Convert.FromBase64String(encoded.PadRight(encoded.Length + ((4 - (encoded.Length % 4)) % 4), '='));
        var decoded = new byte[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            decoded[i] = (byte)(raw[i] ^ otp[i]);
        }

        return Encoding.ASCII.GetString(decoded);
    }

    private static async Task<(HttpStatusCode Status, string Body)> SubmitSharesAsync(ClusterNodeProcess node, string root, string nonce, IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            var (status, body) = await node.SendAsync(HttpMethod.Put, OperationTokenPath + "update", new JsonObject { ["key"] = key, ["nonce"] = nonce }, root);
            if (status != HttpStatusCode.OK || body?["complete"]?.GetValue<bool>() == true)
            {
                return (status, body?.ToJsonString() ?? string.Empty);
            }
        }

        return (HttpStatusCode.OK, string.Empty);
    }

    private static async Task<JsonObject> DrStatusAsync(ClusterNodeProcess node) =>
        (JsonObject)(await Require(node, HttpMethod.Get, "sys/replication/dr/status", null))["data"]!;

    private static async Task<ClusterNodeProcess> WaitForPrimaryAsync(CofferCluster cluster)
    {
        var active = await cluster.WaitForActiveAsync();
        await Eventually.TrueAsync(async () => (await CofferCluster.TrySendAsync(active, HttpMethod.Get, "sys/health")).Status == HttpStatusCode.OK,
            TimeSpan.FromSeconds(15), $"{active.NodeId} to serve as a primary");
        return active;
    }

    /// <summary>Waits until a node of <paramref name="secondary"/> has applied the primary's last index.</summary>
    private static async Task WaitForCatchUpAsync(ClusterNodeProcess primary, CofferCluster secondary)
    {
        var target = (long)(await DrStatusAsync(primary))["last_wal"]!;
        await Eventually.TrueAsync(async () =>
        {
            foreach (var node in secondary.Nodes.Where(n => n.IsRunning))
            {
                var (status, body) = await CofferCluster.TrySendAsync(node, HttpMethod.Get, "sys/replication/dr/status");
                if (status == HttpStatusCode.OK && body?["data"] is JsonObject data
                    && (string?)data["state"] == "stream-wals" && data["last_remote_wal"]?.GetValue<long>() >= target)
                {
                    return true;
                }
            }

            return false;
        }, TimeSpan.FromSeconds(30), $"the secondary at index {target}", state: secondary.Outputs);
    }

    private static async Task<JsonObject> Require(ClusterNodeProcess node, HttpMethod method, string path, string? token, JsonObject? body = null) =>
        await node.RequireAsync(method, path, body, token) ?? [];

    private static async Task Expect(ClusterNodeProcess node, HttpStatusCode expected, HttpMethod method, string path, string? token, JsonObject? body, string error)
    {
        var (status, answer) = await node.SendAsync(method, path, body, token);
        Assert.True(status == expected, $"{method} {path}: {(int)status} {answer?.ToJsonString()}");
        Assert.Contains(answer!["errors"]!.AsArray(), e => ((string?)e)!.Contains(error, StringComparison.Ordinal));
    }
}
