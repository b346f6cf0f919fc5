using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests.Commands.Generic;

public sealed class StatusAndLoginTests
{
    private const string Unsealed = """
        {"type":"shamir","initialized":true,"sealed":false,"t":1,"n":1,"progress":0,"nonce":"","version":"1.21.1",
         "build_date":"2025-11-18T13:04:32Z","migration":false,"cluster_name":"vault-cluster-3bdb9d48",
         "cluster_id":"3ea9b1c4-9881-6a37-bc3a-602d39208e82","recovery_seal":false,"storage_type":"inmem"}
        """;

    private const string NoHa = """
        {"ha_enabled":false,"is_self":false,"active_time":"0001-01-01T00:00:00Z","leader_address":"","leader_cluster_address":"","performance_standby":false,"performance_standby_last_remote_wal":0}
        """;

    private const string DefaultPolicyLookup = """{"data":{"accessor":"a","policies":["default"],"ttl":60,"renewable":true}}""";

    [Fact]
    public async Task Status_Unsealed_PrintsSpecTableAndExits0()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/seal-status", 200, Unsealed).On("GET", "/v1/sys/leader", 200, NoHa);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("status");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""
            Key             Value
            ---             -----
            Seal Type       shamir
            Initialized     true
            Sealed          false
            Total Shares    1
            Threshold       1
            Version         1.21.1
            Build Date      2025-11-18T13:04:32Z
            Storage Type    inmem
            Cluster Name    vault-cluster-3bdb9d48
            Cluster ID      3ea9b1c4-9881-6a37-bc3a-602d39208e82
            HA Enabled      false

            """.ReplaceLineEndings("\n"), result.Stdout);
    }

    [Fact]
    public async Task Status_SealedHaNode_ShowsProgressMasksLeaderErrorAndExits2()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/seal-status", 200, """{"type":"shamir","initialized":true,"sealed":true,"t":3,"n":5,"progress":1,"nonce":"","version":"1.21.1","build_date":"2025-11-18T13:04:32Z","migration":false,"recovery_seal":false,"storage_type":"raft"}""")
            .On("GET", "/v1/sys/leader", 503, """{"errors":["Vault is sealed"]}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("status");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("""
            Key                Value
            ---                -----
            Seal Type          shamir
            Initialized        true
            Sealed             true
            Total Shares       5
            Threshold          3
            Unseal Progress    1/3
            Unseal Nonce       n/a
            Version            1.21.1
            Build Date         2025-11-18T13:04:32Z
            Storage Type       raft
            HA Enabled         true

            """.ReplaceLineEndings("\n"), result.Stdout);
    }

    [Fact]
    public async Task Status_ActiveHaNode_ShowsModeAndRaftIndexes()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/seal-status", 200, Unsealed)
            .On("GET", "/v1/sys/leader", 200, """{"ha_enabled":true,"is_self":true,"active_time":"2025-11-20T10:00:00.5Z","leader_address":"https://a:8200","leader_cluster_address":"https://a:8201","raft_committed_index":42,"raft_applied_index":41}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("status");

        Assert.Equal(0, result.ExitCode);
        Assert.EndsWith("""
            HA Enabled              true
            HA Cluster              https://a:8201
            HA Mode                 active
            Active Since            2025-11-20T10:00:00.5Z
            Raft Committed Index    42
            Raft Applied Index      41

            """.ReplaceLineEndings("\n"), result.Stdout);
    }

    [Fact]
    public async Task Status_Json_MergesSealAndLeaderFields()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/seal-status", 200, Unsealed).On("GET", "/v1/sys/leader", 200, NoHa);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("status", "-format=json");

        Assert.Equal("""
            {
              "type": "shamir",
              "initialized": true,
              "sealed": false,
              "t": 1,
              "n": 1,
              "progress": 0,
              "nonce": "",
              "version": "1.21.1",
              "build_date": "2025-11-18T13:04:32Z",
              "migration": false,
              "cluster_name": "vault-cluster-3bdb9d48",
              "cluster_id": "3ea9b1c4-9881-6a37-bc3a-602d39208e82",
              "recovery_seal": false,
              "storage_type": "inmem",
              "ha_enabled": false,
              "active_time": "0001-01-01T00:00:00Z"
            }

            """.ReplaceLineEndings("\n"), result.Stdout);
    }

    [Fact]
    public async Task Status_Unreachable_Exits1()
    {
        using var cli = new CliRunner("http://127.0.0.1:9");

        var result = await cli.RunAsync("status");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Error checking seal status: ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_TokenArgument_LooksUpStoresAndDescribesToken()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/auth/token/lookup-self", 200, """{"data":{"accessor":"qWFFZQp0rET5ZnhcI89q6JDf","id":"hvs.LNhQ0eyeaj34ldPKMpINJQZu","policies":["root"],"ttl":0,"renewable":false,"meta":null}}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("login", "hvs.LNhQ0eyeaj34ldPKMpINJQZu");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""
            Success! You are now authenticated. The token information displayed below
            is already stored in the token helper. You do NOT need to run "vault login"
            again. Future Vault requests will automatically use this token.

            Key                  Value
            ---                  -----
            token                hvs.LNhQ0eyeaj34ldPKMpINJQZu
            token_accessor       qWFFZQp0rET5ZnhcI89q6JDf
            token_duration       ∞
            token_renewable      false
            token_policies       ["root"]
            identity_policies    []
            policies             ["root"]

            """.ReplaceLineEndings("\n"), result.Stdout);
        Assert.Equal("hvs.LNhQ0eyeaj34ldPKMpINJQZu", server.Single("GET", "/v1/auth/token/lookup-self").Header("X-Vault-Token"));
        Assert.Equal("hvs.LNhQ0eyeaj34ldPKMpINJQZu", File.ReadAllText(Path.Combine(cli.Home, ".vault-token")));
    }

    [Fact]
    public async Task Login_NoArgument_PromptsAndReadsALine()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/auth/token/lookup-self", 200, DefaultPolicyLookup);
        using var cli = new CliRunner(server.Address) { Stdin = "hvs.typed\n" };

        var result = await cli.RunAsync("login");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Token (will be hidden): \nSuccess!", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("hvs.typed", File.ReadAllText(Path.Combine(cli.Home, ".vault-token")));
    }

    [Fact]
    public async Task Login_TokenOnly_PrintsTokenAndStoresNothing()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/auth/token/lookup-self", 200, DefaultPolicyLookup);
        using var cli = new CliRunner(server.Address) { Stdin = "hvs.piped\n" };

        var result = await cli.RunAsync("login", "-token-only", "-");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("hvs.piped", result.Stdout);
        Assert.False(File.Exists(Path.Combine(cli.Home, ".vault-token")));
    }

    [Fact]
    public async Task Login_WhileTokenVariableSet_WarnsThatItTakesPrecedence()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/auth/token/lookup-self", 200, DefaultPolicyLookup);
        using var cli = new CliRunner(server.Address);
        cli.Env["VAULT_TOKEN"] = "hvs.env";

        var result = await cli.RunAsync("login", "hvs.new");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("WARNING! The VAULT_TOKEN environment variable is set and takes precedence", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("hvs.new", server.Single("GET", "/v1/auth/token/lookup-self").Header("X-Vault-Token"));
    }

    [Fact]
    public async Task Login_InvalidToken_Exits2AndStoresNothing()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/auth/token/lookup-self", 403, """{"errors":["2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n"]}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("login", "hvs.bad");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error authenticating: error looking up token: Error making API request.", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(cli.Home, ".vault-token")));
    }

    [Theory]
    [InlineData("hvs.canary", "stray")]
    [InlineData("hvs.canary", "k=v", "stray")]
    public async Task Login_ArgumentThatIsNotKeyValue_Exits1WithoutContactingServer(params string[] args)
    {
        await using var server = await RecordingServer.StartAsync();
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync(["login", .. args]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error parsing configuration: Invalid key/value pair 'stray': format must be key=value\n", result.Stderr);
        Assert.Empty(server.Requests);
        Assert.False(File.Exists(Path.Combine(cli.Home, ".vault-token")));
    }

    [Fact]
    public async Task Login_TokenFollowedByKeyValue_LogsInWithTheToken()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/auth/token/lookup-self", 200, DefaultPolicyLookup);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("login", "-no-print", "hvs.new", "k=v");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("hvs.new", server.Single("GET", "/v1/auth/token/lookup-self").Header("X-Vault-Token"));
        Assert.Equal("hvs.new", File.ReadAllText(Path.Combine(cli.Home, ".vault-token")));
    }

    [Fact]
    public async Task Unwrap_Token_SendsItInBodyAndPrintsSecret()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("PUT", "/v1/sys/wrapping/unwrap", 200, """{"request_id":"r","data":{"foo":"bar"}}""");
        using var cli = new CliRunner(server.Address);
        cli.Env["VAULT_TOKEN"] = "hvs.mine";

        var result = await cli.RunAsync("unwrap", "hvs.wrapping");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"token":"hvs.wrapping"}""", server.Single("PUT", "/v1/sys/wrapping/unwrap").BodyJson.ToJsonString());
        Assert.Equal("Key    Value\n---    -----\nfoo    bar\n", result.Stdout);
    }

    [Fact]
    public async Task Server_ForwardsEveryArgumentToTheHost()
    {
        IReadOnlyList<string>? received = null;
        using var cli = new CliRunner
        {
            Server = (args, stdout, _, _) =>
            {
                received = args;
                stdout.Write("started");
                return Task.FromResult(3);
            },
        };

        var result = await cli.RunAsync("server", "-dev", "-dev-root-token-id=root", "-h", "extra");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal(["-dev", "-dev-root-token-id=root", "-h", "extra"], received);
        Assert.Equal("started", result.Stdout);
    }
}
