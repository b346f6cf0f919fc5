using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests.Commands.Secrets;

public sealed class SecretsCommandTests
{
    private const string Mounts = """
        {"request_id":"r","data":{
          "secret/":{"type":"kv","accessor":"kv_1","description":"key/value secret storage","local":false,"seal_wrap":false,"external_entropy_access":false,"options":{"version":"2"},"uuid":"u1","config":{"default_lease_ttl":0,"max_lease_ttl":0,"force_no_cache":false}},
          "cubbyhole/":{"type":"cubbyhole","accessor":"cubbyhole_1","description":"per-token private secret storage","local":true,"seal_wrap":false,"options":null,"uuid":"u2","config":{"default_lease_ttl":0,"max_lease_ttl":0}},
          "sys/":{"type":"system","accessor":"system_1","description":"system endpoints used for control, policy and debugging","local":false,"seal_wrap":true,"options":null,"uuid":"u3","config":{"default_lease_ttl":3600,"max_lease_ttl":0}}
        }}
        """;

    [Fact]
    public async Task Enable_WithVersionAndTtls_PostsMountInput()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("POST", "/v1/sys/mounts/secret", 204);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("secrets", "enable", "-path=secret", "-version=2", "-description=apps", "-default-lease-ttl=1h", "-options=extra=x", "kv");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Success! Enabled the kv secrets engine at: secret/\n", result.Stdout);
        Assert.Equal(
            """{"type":"kv","description":"apps","config":{"default_lease_ttl":"1h","max_lease_ttl":"0s","force_no_cache":false},"local":false,"seal_wrap":false,"external_entropy_access":false,"options":{"extra":"x","version":"2"}}""",
            server.Single("POST", "/v1/sys/mounts/secret").BodyJson.ToJsonString());
    }

    [Fact]
    public async Task Enable_WithoutPath_MountsAtTheType()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("POST", "/v1/sys/mounts/transit", 204);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("secrets", "enable", "transit");

        Assert.Equal("Success! Enabled the transit secrets engine at: transit/\n", result.Stdout);
    }

    [Fact]
    public async Task Disable_DeletesMount()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("DELETE", "/v1/sys/mounts/kv", 204);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("secrets", "disable", "kv");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Success! Disabled the secrets engine (if it existed) at: kv/\n", result.Stdout);
    }

    [Fact]
    public async Task List_Table_ShowsPathTypeAccessorDescription()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/mounts", 200, Mounts);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("secrets", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""
            Path          Type         Accessor       Description
            ----          ----         --------       -----------
            cubbyhole/    cubbyhole    cubbyhole_1    per-token private secret storage
            secret/       kv           kv_1           key/value secret storage
            sys/          system       system_1       system endpoints used for control, policy and debugging

            """.ReplaceLineEndings("\n"), result.Stdout);
    }

    [Fact]
    public async Task List_Detailed_AddsTtlsReplicationAndOptions()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/mounts", 200, Mounts);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("secrets", "list", "-detailed");

        var lines = result.Stdout.Split('\n');
        Assert.StartsWith("Path          Plugin       Accessor       Default TTL    Max TTL    Force No Cache    Replication    Seal Wrap    External Entropy Access    Options           Description", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("cubbyhole/    cubbyhole    cubbyhole_1    n/a            n/a        false             local          false        false                      map[]", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("secret/       kv           kv_1           system         system     false             replicated     false        false                      map[version:2]", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Json_PrintsMountMapSorted()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/mounts", 200, """{"data":{"z/":{"type":"kv"},"a/":{"type":"kv"}}}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("secrets", "list", "-format=json");

        Assert.Equal("{\n  \"a/\": {\n    \"type\": \"kv\"\n  },\n  \"z/\": {\n    \"type\": \"kv\"\n  }\n}\n", result.Stdout);
    }

    [Fact]
    public async Task Tune_SendsOnlyGivenSettings()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("POST", "/v1/sys/mounts/secret/tune", 204);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("secrets", "tune", "-max-lease-ttl=768h", "-default-lease-ttl=-1", "-description=", "secret");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Success! Tuned the secrets engine at: secret/\n", result.Stdout);
        Assert.Equal("""{"default_lease_ttl":"system","max_lease_ttl":"768h","description":""}""", server.Single("POST", "/v1/sys/mounts/secret/tune").BodyJson.ToJsonString());
    }

    [Fact]
    public async Task Move_PostsRemount()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("POST", "/v1/sys/remount", 204);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("secrets", "move", "secret", "generic/");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Success! Moved secrets engine secret/ to: generic/\n", result.Stdout);
        Assert.Equal("""{"from":"secret/","to":"generic/"}""", server.Single("POST", "/v1/sys/remount").BodyJson.ToJsonString());
    }

    [Fact]
    public async Task Move_WithMigrationId_ReportsIt()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("POST", "/v1/sys/remount", 200, """{"data":{"migration_id":"m-1"}}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("secrets", "move", "a", "b");

        Assert.Equal("Started moving secrets engine a/ to b/, with migration ID m-1\n", result.Stdout);
    }
}
