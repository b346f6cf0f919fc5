using Coffer.Testing.Servers;

namespace Coffer.Server.Tests.Http;

/// <summary>
/// <c>sys/storage/raft/*</c>, <c>sys/leader</c> and <c>sys/health</c> over HTTP on a one-node integrated storage
/// server (in this process), and the clear refusal on a server without it.
/// </summary>
public sealed class IntegratedStorageHttpTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-raft-http-").FullName;
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartOnRaftAsync(Path.Combine(_directory, "raft"));

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<string> InitAndUnsealAsync()
    {
        var (_, init) = await _server.JsonAsync(HttpMethod.Put, "sys/init", new { secret_shares = 1, secret_threshold = 1 }, token: "");
        var (status, _) = await _server.JsonAsync(HttpMethod.Put, "sys/unseal", new { key = (string)init!["keys_base64"]![0]! }, token: "");
        Assert.Equal(200, status);
        return (string)init["root_token"]!;
    }

    [Fact]
    public async Task Init_OnANewNode_BootstrapsAOneNodeClusterThatIsActive()
    {
        var (_, before) = await _server.JsonAsync(HttpMethod.Get, "sys/seal-status", token: "");
        Assert.False((bool)before!["initialized"]!);
        Assert.Equal("raft", (string)before["storage_type"]!);

        var root = await InitAndUnsealAsync();

        var (_, leader) = await _server.JsonAsync(HttpMethod.Get, "sys/leader", token: "");
        Assert.True((bool)leader!["ha_enabled"]!);
        Assert.True((bool)leader["is_self"]!);
        Assert.Equal(_server.Address, (string)leader["leader_address"]!);
        Assert.StartsWith("https://127.0.0.1:", (string)leader["leader_cluster_address"]!);
        Assert.NotEqual("0001-01-01T00:00:00Z", (string)leader["active_time"]!);
        var (healthStatus, health) = await _server.JsonAsync(HttpMethod.Get, "sys/health", token: "");
        Assert.Equal(200, healthStatus);
        Assert.False((bool)health!["standby"]!);

        var (_, configuration) = await _server.JsonAsync(HttpMethod.Get, "sys/storage/raft/configuration", token: root);
        var server = configuration!["data"]!["config"]!["servers"]!.AsArray().Single()!;
        Assert.Equal("node-1", (string)server["node_id"]!);
        Assert.True((bool)server["leader"]!);
        Assert.True((bool)server["voter"]!);
        Assert.Equal("3", (string)server["protocol_version"]!);
        Assert.True((long)configuration["data"]!["config"]!["index"]! > 0);

        var (_, state) = await _server.JsonAsync(HttpMethod.Get, "sys/storage/raft/autopilot/state", token: root);
        Assert.True((bool)state!["data"]!["healthy"]!);
        Assert.Equal(0, (int)state["data"]!["failure_tolerance"]!);
        Assert.Equal("node-1", (string)state["data"]!["leader"]!);
        Assert.Equal("leader", (string)state["data"]!["servers"]!["node-1"]!["status"]!);
    }

    [Fact]
    public async Task RaftEndpoints_NeedAPrivilegedToken()
    {
        await InitAndUnsealAsync();

        foreach (var path in new[] { "sys/storage/raft/configuration", "sys/storage/raft/autopilot/state", "sys/storage/raft/autopilot/configuration" })
        {
            var (status, body) = await _server.JsonAsync(HttpMethod.Get, path, token: "");
            Assert.Equal(403, status);
            Assert.Equal("permission denied", (string)body!["errors"]![0]!);
        }
    }

    [Fact]
    public async Task AutopilotConfiguration_DefaultsThenUpdate_AndInvalidValuesAreRefused()
    {
        var root = await InitAndUnsealAsync();

        var (_, defaults) = await _server.JsonAsync(HttpMethod.Get, "sys/storage/raft/autopilot/configuration", token: root);
        Assert.Equal("10s", (string)defaults!["data"]!["last_contact_threshold"]!);
        Assert.Equal("24h0m0s", (string)defaults["data"]!["dead_server_last_contact_threshold"]!);
        Assert.Equal("10s", (string)defaults["data"]!["server_stabilization_time"]!);

        var (updateStatus, _) = await _server.JsonAsync(HttpMethod.Post, "sys/storage/raft/autopilot/configuration",
            new { last_contact_threshold = "4s", max_trailing_logs = 500 }, root);
        Assert.Equal(204, updateStatus);
        var (_, updated) = await _server.JsonAsync(HttpMethod.Get, "sys/storage/raft/autopilot/configuration", token: root);
        Assert.Equal("4s", (string)updated!["data"]!["last_contact_threshold"]!);
        Assert.Equal(500, (long)updated["data"]!["max_trailing_logs"]!);

        var (refusedStatus, refused) = await _server.JsonAsync(HttpMethod.Post, "sys/storage/raft/autopilot/configuration",
            new { cleanup_dead_servers = true }, root);
        Assert.Equal(400, refusedStatus);
        Assert.Contains("min_quorum must be set", (string)refused!["errors"]![0]!);
    }

    [Fact]
    public async Task Join_NonVoterOrOnAnInitializedNode_IsRefused()
    {
        var (nonVoterStatus, nonVoter) = await _server.JsonAsync(HttpMethod.Post, "sys/storage/raft/join",
            new { leader_api_addr = "http://127.0.0.1:1", non_voter = true }, token: "");
        Assert.Equal(400, nonVoterStatus);
        Assert.Equal("non-voters are not supported", (string)nonVoter!["errors"]![0]!);

        var (missingStatus, _) = await _server.JsonAsync(HttpMethod.Post, "sys/storage/raft/join", new { retry = true }, token: "");
        Assert.Equal(400, missingStatus);

        var (badCaStatus, badCa) = await _server.JsonAsync(HttpMethod.Post, "sys/storage/raft/join",
            new { leader_api_addr = "https://127.0.0.1:1", leader_ca_cert = "-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----" }, token: "");
        Assert.Equal(400, badCaStatus);
        Assert.StartsWith("the leader's TLS settings cannot be used", (string)badCa!["errors"]![0]!);

        var (unreachableStatus, unreachable) = await _server.JsonAsync(HttpMethod.Post, "sys/storage/raft/join",
            new { leader_api_addr = "http://127.0.0.1:1" }, token: "");
        Assert.Equal(503, unreachableStatus);
        Assert.StartsWith("could not reach the leader at http://127.0.0.1:1", (string)unreachable!["errors"]![0]!);

        await InitAndUnsealAsync();
        var (initializedStatus, initialized) = await _server.JsonAsync(HttpMethod.Post, "sys/storage/raft/join",
            new { leader_api_addr = "http://127.0.0.1:1" }, token: "");
        Assert.Equal(400, initializedStatus);
        Assert.Contains("already", (string)initialized!["errors"]![0]!);
    }

    [Fact]
    public async Task BootstrapAnswer_WithoutItsChallenge_IsRefused_AndHeartbeatsMustBeSealed()
    {
        await InitAndUnsealAsync();
        var (challengeStatus, challenge) = await _server.JsonAsync(HttpMethod.Post, "sys/storage/raft/bootstrap/challenge", new { server_id = "node-2" }, token: "");
        Assert.Equal(200, challengeStatus);
        foreach (var field in new[] { "challenge", "credentials", "keyring" })
        {
            Assert.False(string.IsNullOrEmpty((string?)challenge!["data"]![field]));
        }

        var (answerStatus, answer) = await _server.JsonAsync(HttpMethod.Post, "sys/storage/raft/bootstrap/answer",
            new { server_id = "node-2", answer = Convert.ToBase64String(new byte[32]), cluster_addr = "127.0.0.1:1" }, token: "");
        Assert.Equal(400, answerStatus);
        Assert.Equal("invalid answer given", (string)answer!["errors"]![0]!);

        var (heartbeatStatus, _) = await _server.JsonAsync(HttpMethod.Post, "sys/storage/raft/heartbeat",
            new { node_id = "node-2", heartbeat = Convert.ToBase64String(new byte[64]) }, token: "");
        Assert.Equal(403, heartbeatStatus);
    }

    [Fact]
    public async Task RaftEndpoints_OnAServerWithoutIntegratedStorage_SaySo()
    {
        await using var plain = await TestServer.StartUnsealedAsync();

        foreach (var path in new[] { "sys/storage/raft/configuration", "sys/storage/raft/autopilot/state", "sys/storage/raft/join" })
        {
            var (status, body) = await plain.JsonAsync(HttpMethod.Get, path, token: plain.RootToken);
            Assert.Equal(400, status);
            Assert.Equal("integrated storage (raft) is not in use: this server's storage type is \"inmem\"", (string)body!["errors"]![0]!);
        }

        var (_, leader) = await plain.JsonAsync(HttpMethod.Get, "sys/leader", token: "");
        Assert.False((bool)leader!["ha_enabled"]!);
    }
}
