using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests.Commands.Operator.Raft;

public sealed class RaftCommandTests
{
    private const string Configuration = """
        {"data":{"config":{"index":42,"servers":[
          {"node_id":"node-a","address":"10.0.0.11:8201","leader":true,"protocol_version":"3","voter":true},
          {"node_id":"node-b","address":"10.0.0.12:8201","leader":false,"protocol_version":"3","voter":true}]}}}
        """;

    private const string AutopilotState = """
        {"request_id":"dbab954b-6980-4dd1-e36a-2309d82065d8","lease_id":"","renewable":false,"lease_duration":0,
         "data":{"failure_tolerance":2,"healthy":false,"leader":"node-a","optimistic_failure_tolerance":2,"voters":["node-a","node-b"],
           "servers":{"node-b":{"id":"node-b","name":"node-b","address":"10.0.0.12:8201","node_status":"alive","last_contact":"1.829462398s",
             "last_term":5,"last_index":259541,"healthy":true,"stable_since":"2023-04-12T15:49:54.910961312Z","status":"voter",
             "version":"1.11.1","upgrade_version":"1.11.1","node_type":"voter"}}}}
        """;

    [Fact]
    public async Task ListPeers_PrintsNodeTable()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/storage/raft/configuration", 200, Configuration);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("operator", "raft", "list-peers");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""
            Node      Address           State       Voter
            ----      -------           -----       -----
            node-a    10.0.0.11:8201    leader      true
            node-b    10.0.0.12:8201    follower    true

            """.ReplaceLineEndings("\n"), result.Stdout);
    }

    [Fact]
    public async Task ListPeers_WithDrToken_PutsTokenInBody()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("PUT", "/v1/sys/storage/raft/configuration", 200, Configuration);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("operator", "raft", "list-peers", "-dr-token=hvb.dr");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"dr_operation_token":"hvb.dr"}""", server.Single("PUT", "/v1/sys/storage/raft/configuration").BodyJson.ToJsonString());
    }

    [Fact]
    public async Task AutopilotState_DefaultFormat_IsPrettyLayout()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/storage/raft/autopilot/state", 200, AutopilotState);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("operator", "raft", "autopilot", "state", "-dr-token=hvb.batch");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""
            Healthy:                         false
            Failure Tolerance:               2
            Leader:                          node-a
            Voters:
               node-a
               node-b
            Optimistic Failure Tolerance:    2
            Servers:
               node-b
                  Name:              node-b
                  Address:           10.0.0.12:8201
                  Status:            voter
                  Node Status:       alive
                  Healthy:           true
                  Last Contact:      1.829462398s
                  Last Term:         5
                  Last Index:        259541
                  Version:           1.11.1
                  Upgrade Version:   1.11.1
                  Node Type:         voter


            """.ReplaceLineEndings("\n"), result.Stdout);
        Assert.Equal("hvb.batch", server.Single("GET", "/v1/sys/storage/raft/autopilot/state").Header("X-Vault-Token"));
    }

    [Fact]
    public async Task AutopilotState_Json_PrintsStateData()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/storage/raft/autopilot/state", 200, AutopilotState);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("operator", "raft", "autopilot", "state", "-format=json");

        Assert.StartsWith("{\n  \"failure_tolerance\": 2,\n  \"healthy\": false,\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AutopilotGetConfig_PrintsGoDurations()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/storage/raft/autopilot/configuration", 200, """{"data":{"cleanup_dead_servers":false,"last_contact_threshold":"10s","dead_server_last_contact_threshold":"24h0m0s","max_trailing_logs":1000,"min_quorum":3,"server_stabilization_time":"10s","disable_upgrade_migration":false}}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("operator", "raft", "autopilot", "get-config");

        Assert.Equal("""
            Key                                   Value
            ---                                   -----
            Cleanup Dead Servers                  false
            Last Contact Threshold                10s
            Dead Server Last Contact Threshold    24h0m0s
            Server Stabilization Time             10s
            Min Quorum                            3
            Max Trailing Logs                     1000
            Disable Upgrade Migration             false

            """.ReplaceLineEndings("\n"), result.Stdout);
    }

    [Fact]
    public async Task AutopilotSetConfig_PostsOnlyGivenFlags()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("POST", "/v1/sys/storage/raft/autopilot/configuration", 204);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("operator", "raft", "autopilot", "set-config", "-cleanup-dead-servers=true", "-min-quorum=3", "-dead-server-last-contact-threshold=24h");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"cleanup_dead_servers":true,"min_quorum":3,"dead_server_last_contact_threshold":"24h0m0s"}""", server.Single("POST", "/v1/sys/storage/raft/autopilot/configuration").BodyJson.ToJsonString());
    }

    [Fact]
    public async Task Join_PostsLeaderAddressAndCertificateFromFile()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("POST", "/v1/sys/storage/raft/join", 200, """{"joined":true}""");
        using var cli = new CliRunner(server.Address);
        var ca = Path.Combine(cli.Home, "ca.pem");
        File.WriteAllText(ca, "-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n");

        var result = await cli.RunAsync("operator", "raft", "join", "-leader-ca-cert=@" + ca, "-retry", "https://10.0.0.11:8200");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Key       Value\n---       -----\nJoined    true\n", result.Stdout);
        var body = server.Single("POST", "/v1/sys/storage/raft/join").BodyJson;
        Assert.Equal("https://10.0.0.11:8200", body["leader_api_addr"]!.GetValue<string>());
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", body["leader_ca_cert"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(body["retry"]!.GetValue<bool>());
    }

    [Fact]
    public async Task RemovePeer_PostsServerIdAndConfirms()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("PUT", "/v1/sys/storage/raft/remove-peer", 204);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("operator", "raft", "remove-peer", "node-c");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Peer removed successfully!\n", result.Stdout);
        Assert.Equal("""{"server_id":"node-c","dr_operation_token":""}""", server.Single("PUT", "/v1/sys/storage/raft/remove-peer").BodyJson.ToJsonString());
    }

    [Fact]
    public async Task RemovePeer_WithDrToken_PutsTokenInBody()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("PUT", "/v1/sys/storage/raft/remove-peer", 204);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("operator", "raft", "remove-peer", "-dr-token=hvb.dr", "node-c");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"server_id":"node-c","dr_operation_token":"hvb.dr"}""", server.Single("PUT", "/v1/sys/storage/raft/remove-peer").BodyJson.ToJsonString());
    }

    [Fact]
    public async Task AutopilotGetConfig_WithDrToken_SendsItAsTheRequestToken()
    {
        // Vault's Go client reads the autopilot configuration (and state) with the DR token as X-Vault-Token.
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/storage/raft/autopilot/configuration", 200, """{"data":{"cleanup_dead_servers":false,"last_contact_threshold":"10s","dead_server_last_contact_threshold":"24h0m0s","max_trailing_logs":1000,"min_quorum":3,"server_stabilization_time":"10s","disable_upgrade_migration":false}}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("operator", "raft", "autopilot", "get-config", "-dr-token=hvb.dr");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("hvb.dr", server.Single("GET", "/v1/sys/storage/raft/autopilot/configuration").Header("X-Vault-Token"));
    }

    [Fact]
    public async Task SnapshotSaveAndRestore_MoveBytesUnchanged()
    {
        const string Snapshot = "SNAPSHOT\u0001\u0002dataCFSNAPOK";
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/storage/raft/snapshot", 200, Snapshot)
            .On("POST", "/v1/sys/storage/raft/snapshot-force", 204);
        using var cli = new CliRunner(server.Address);
        var file = Path.Combine(cli.Home, "raft.snap");

        var save = await cli.RunAsync("operator", "raft", "snapshot", "save", file);
        var restore = await cli.RunAsync("operator", "raft", "snapshot", "restore", "-force", file);

        Assert.Equal(0, save.ExitCode);
        Assert.Equal(Snapshot, File.ReadAllText(file));
        Assert.Equal(0, restore.ExitCode);
        Assert.Equal(Snapshot, server.Single("POST", "/v1/sys/storage/raft/snapshot-force").Body);
    }

    [Fact]
    public async Task SnapshotSave_ResponseWithoutEndMarker_FailsAndLeavesNoFile()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/storage/raft/snapshot", 200, "CFSNAP\u0000\u0001cut short");
        using var cli = new CliRunner(server.Address);
        var file = Path.Combine(cli.Home, "raft.snap");

        var save = await cli.RunAsync("operator", "raft", "snapshot", "save", file);

        Assert.Equal(2, save.ExitCode);
        Assert.Contains("incomplete", save.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
        Assert.False(File.Exists(file + ".tmp"));
    }

    [Fact]
    public async Task SnapshotRestore_SealedByRestore_PrintsTheWarning()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("POST", "/v1/sys/storage/raft/snapshot-force", 200, """{"request_id":"r","lease_id":"","renewable":false,"lease_duration":0,"data":null,"warnings":["unseal with the other keys"]}""");
        using var cli = new CliRunner(server.Address);
        var file = Path.Combine(cli.Home, "raft.snap");
        await File.WriteAllTextAsync(file, "snapshot", TestContext.Current.CancellationToken);

        var restore = await cli.RunAsync("operator", "raft", "snapshot", "restore", "-force", file);

        Assert.Equal(0, restore.ExitCode);
        Assert.Contains("unseal with the other keys", restore.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Members_PrintsNodeTable()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/ha-status", 200, """{"data":{"nodes":[{"hostname":"a","api_address":"https://a:8200","cluster_address":"https://a:8201","active_node":true,"last_echo":null,"version":"1.0.0"}]}}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("operator", "members");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""
            Host Name    API Address       Cluster Address    Active Node    Version    Upgrade Version    Redundancy Zone    Last Echo
            ---------    -----------       ---------------    -----------    -------    ---------------    ---------------    ---------
            a            https://a:8200    https://a:8201     true           1.0.0      n/a                n/a                n/a

            """.ReplaceLineEndings("\n"), result.Stdout);
    }

    [Fact]
    public async Task ReplicationStatus_PrintsOneTablePerMode()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/replication/status", 200, """{"data":{"dr":{"mode":"secondary","state":"stream-wals","last_remote_wal":223},"performance":{"mode":"disabled"}}}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("operator", "replication", "status");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""
            ==== DR Replication ====
            Key                Value
            ---                -----
            last_remote_wal    223
            mode               secondary
            state              stream-wals

            == Performance Replication ==
            Key     Value
            ---     -----
            mode    disabled

            """.ReplaceLineEndings("\n"), result.Stdout);
    }
}
