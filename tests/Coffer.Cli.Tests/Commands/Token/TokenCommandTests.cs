using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests.Commands.Token;

public sealed class TokenCommandTests
{
    private const string LookupData = """{"data":{"accessor":"acc","creation_ttl":2764800,"display_name":"token","expire_time":null,"id":"hvs.x","policies":["default"],"ttl":2764790,"type":"service","explicit_max_ttl":0}}""";

    [Fact]
    public async Task Create_EveryFlag_BuildsTheDocumentedBody()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("POST", "/v1/auth/token/create", 200, """{"auth":{"client_token":"hvs.new","accessor":"a","policies":["a","b"],"token_policies":["a","b"],"lease_duration":3600,"renewable":true}}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("token", "create", "-id=custom", "-display-name=ci", "-ttl=1h", "-explicit-max-ttl=24h",
            "-period=30m", "-orphan", "-no-default-policy", "-use-limit=3", "-metadata", "team=ops", "-metadata=env=prod",
            "-policy=a", "-policy", "b", "-entity-alias=alias", "-field=token");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("hvs.new", result.Stdout);
        Assert.Equal(
            """{"id":"custom","policies":["a","b"],"meta":{"env":"prod","team":"ops"},"ttl":"1h","explicit_max_ttl":"24h","period":"30m","no_parent":true,"no_default_policy":true,"display_name":"ci","num_uses":3,"renewable":true,"type":"service","entity_alias":"alias"}""",
            server.Single("POST", "/v1/auth/token/create").BodyJson.ToJsonString());
    }

    [Fact]
    public async Task Create_BatchType_IsNeverRenewable()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("POST", "/v1/auth/token/create", 200, """{"auth":{"client_token":"hvb.x","policies":["default"],"lease_duration":60}}""");
        using var cli = new CliRunner(server.Address);

        await cli.RunAsync("token", "create", "-type=batch", "-renewable=true");

        var body = server.Single("POST", "/v1/auth/token/create").BodyJson;
        Assert.False(body["renewable"]!.GetValue<bool>());
        Assert.Equal("batch", body["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_Refused_ReportsAndExits2()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("POST", "/v1/auth/token/create/missing", 400, """{"errors":["unknown role missing"]}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("token", "create", "-role=missing");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error creating token: Error making API request.", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lookup_NoArgument_LooksUpSelf()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/auth/token/lookup-self", 200, LookupData);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("token", "lookup");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("creation_ttl        768h\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("expire_time         <nil>\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("ttl                 767h59m50s\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lookup_TokenAndAccessor_PostToTheirEndpoints()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("POST", "/v1/auth/token/lookup", 200, LookupData).On("POST", "/v1/auth/token/lookup-accessor", 200, LookupData);
        using var cli = new CliRunner(server.Address);

        await cli.RunAsync("token", "lookup", "hvs.other");
        await cli.RunAsync("token", "lookup", "-accessor", "acc123");

        Assert.Equal("""{"token":"hvs.other"}""", server.Single("POST", "/v1/auth/token/lookup").BodyJson.ToJsonString());
        Assert.Equal("""{"accessor":"acc123"}""", server.Single("POST", "/v1/auth/token/lookup-accessor").BodyJson.ToJsonString());
    }

    [Fact]
    public async Task Renew_SelfTokenAndAccessor_SendIncrementInSeconds()
    {
        await using var server = await RecordingServer.StartAsync();
        const string Renewed = """{"auth":{"client_token":"hvs.x","policies":["default"],"lease_duration":1800,"renewable":true}}""";
        server.On("PUT", "/v1/auth/token/renew-self", 200, Renewed)
            .On("PUT", "/v1/auth/token/renew", 200, Renewed)
            .On("POST", "/v1/auth/token/renew-accessor", 200, Renewed);
        using var cli = new CliRunner(server.Address);

        var self = await cli.RunAsync("token", "renew", "-increment=30m");
        await cli.RunAsync("token", "renew", "-i", "1h", "hvs.other");
        await cli.RunAsync("token", "renew", "-accessor", "acc");

        Assert.Equal(0, self.ExitCode);
        Assert.Contains("token_duration       30m\n", self.Stdout, StringComparison.Ordinal);
        Assert.Equal("""{"increment":1800}""", server.Single("PUT", "/v1/auth/token/renew-self").BodyJson.ToJsonString());
        Assert.Equal("""{"token":"hvs.other","increment":3600}""", server.Single("PUT", "/v1/auth/token/renew").BodyJson.ToJsonString());
        Assert.Equal("""{"accessor":"acc","increment":0}""", server.Single("POST", "/v1/auth/token/renew-accessor").BodyJson.ToJsonString());
    }

    [Theory]
    [InlineData(new[] { "token", "revoke", "hvs.t" }, "PUT", "/v1/auth/token/revoke", """{"token":"hvs.t"}""")]
    [InlineData(new[] { "token", "revoke", "-self" }, "PUT", "/v1/auth/token/revoke-self", "")]
    [InlineData(new[] { "token", "revoke", "-accessor", "acc" }, "POST", "/v1/auth/token/revoke-accessor", """{"accessor":"acc"}""")]
    [InlineData(new[] { "token", "revoke", "-mode=orphan", "hvs.t" }, "PUT", "/v1/auth/token/revoke-orphan", """{"token":"hvs.t"}""")]
    [InlineData(new[] { "token", "revoke", "-mode=path", "auth/token/create/ops" }, "PUT", "/v1/sys/leases/revoke-prefix/auth/token/create/ops", "")]
    public async Task Revoke_EachMode_CallsItsEndpoint(string[] args, string method, string path, string body)
    {
        await using var server = await RecordingServer.StartAsync();
        server.On(method, path, 204);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync(args);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Success! Revoked token (if it existed)\n", result.Stdout);
        Assert.Equal(body, server.Single(method, path).Body);
    }

    [Theory]
    [InlineData(new[] { "-self", "-accessor" }, "Cannot use -self with -accessor!")]
    [InlineData(new[] { "-self", "-mode=orphan" }, "Cannot use -self with -mode!")]
    [InlineData(new[] { "-accessor", "-mode=orphan", "x" }, "Cannot use -accessor with -mode=orphan!")]
    [InlineData(new[] { "-accessor", "-mode=path", "x" }, "Cannot use -accessor with -mode=path!")]
    [InlineData(new[] { "-mode=tree", "x" }, "Invalid mode: tree")]
    [InlineData(new string[0], "Not enough arguments (expected 1, got 0)")]
    public async Task Revoke_BadFlagCombination_IsUsageError(string[] flags, string message)
    {
        using var cli = new CliRunner("http://127.0.0.1:9");

        var result = await cli.RunAsync(["token", "revoke", .. flags]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(message + "\n", result.Stderr);
    }

    [Fact]
    public async Task Capabilities_Self_PrintsSortedCommaList()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("POST", "/v1/sys/capabilities-self", 200, """{"capabilities":["update","read"],"sys/storage/raft/autopilot/state":["update","read"],"data":{"capabilities":["update","read"],"sys/storage/raft/autopilot/state":["update","read"]}}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("token", "capabilities", "sys/storage/raft/autopilot/state");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("read, update\n", result.Stdout);
        Assert.Equal("""{"paths":["sys/storage/raft/autopilot/state"]}""", server.Single("POST", "/v1/sys/capabilities-self").BodyJson.ToJsonString());
    }

    [Fact]
    public async Task Capabilities_OtherToken_PostsTokenAndPaths()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("POST", "/v1/sys/capabilities", 200, """{"data":{"capabilities":["deny"],"secret/x":["deny"]}}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("token", "capabilities", "-format=json", "hvb.t", "secret/x");

        Assert.Equal("[\n  \"deny\"\n]\n", result.Stdout);
        Assert.Equal("""{"token":"hvb.t","paths":["secret/x"]}""", server.Single("POST", "/v1/sys/capabilities").BodyJson.ToJsonString());
    }
}
