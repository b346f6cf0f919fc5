using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests.Commands.Generic;

public sealed class DataCommandTests
{
    [Fact]
    public async Task Read_NotFound_SaysNoValueAndExits2()
    {
        await using var server = await RecordingServer.StartAsync();
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("read", "/secret/foo/");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("No value found at secret/foo\n", result.Stderr);
        Assert.Single(server.Requests, r => r.Path == "/v1/secret/foo");
    }

    [Fact]
    public async Task Read_PermissionDenied_PrintsApiErrorBlockAndExits2()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/secret/foo", 403, """{"errors":["permission denied"]}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("read", "secret/foo");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"""
            Error reading secret/foo: Error making API request.

            URL: GET {server.Address}/v1/secret/foo
            Code: 403. Errors:

            * permission denied

            """.ReplaceLineEndings("\n"), result.Stderr);
    }

    [Fact]
    public async Task Read_NonJsonError_PrintsRawMessage()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/secret/foo", 502, "bad gateway");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("read", "secret/foo");

        Assert.Equal(2, result.ExitCode);
        Assert.EndsWith("Code: 502. Raw Message:\n\nbad gateway\n", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_WithKeyValues_SendsSortedQuery()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/storage/raft/autopilot/state", 200, """{"data":{"healthy":true}}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("read", "sys/storage/raft/autopilot/state", "z=last", "a=first value");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("?a=first+value&z=last", server.Single("GET", "/v1/sys/storage/raft/autopilot/state").Query);
        Assert.Equal("Key        Value\n---        -----\nhealthy    true\n", result.Stdout);
    }

    [Fact]
    public async Task Read_FormatRaw_PrintsBodyAsReceived()
    {
        const string Body = """{"data":{"b":1,"a":2},"custom":true}""";
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/secret/foo", 200, Body);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("read", "-format=raw", "secret/foo");

        Assert.Equal(Body + "\n", result.Stdout);
    }

    [Fact]
    public async Task Read_Field_PrintsOnlyThatValue()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/secret/foo", 200, """{"data":{"password":"s3cr3t","user":"u"}}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("read", "-field=password", "secret/foo");

        Assert.Equal("s3cr3t", result.Stdout);
    }

    [Fact]
    public async Task Read_InvalidFormat_FailsBeforeContactingServer()
    {
        await using var server = await RecordingServer.StartAsync();
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("read", "-format=xml", "secret/foo");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Invalid output format: xml\n", result.Stderr);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Read_FormatFromEnvironment_IsUsed()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/secret/foo", 200, """{"request_id":"r","lease_id":"","lease_duration":0,"renewable":false,"data":{"k":"v"}}""");
        using var cli = new CliRunner(server.Address);
        cli.Env["VAULT_FORMAT"] = "json";

        var result = await cli.RunAsync("read", "secret/foo");

        Assert.StartsWith("{\n  \"request_id\": \"r\",", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_NoData_RequiresForce()
    {
        using var cli = new CliRunner("http://127.0.0.1:9");

        var result = await cli.RunAsync("write", "sys/rotate");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Must supply data or use -force\n", result.Stderr);
    }

    [Fact]
    public async Task Write_ForceWithoutData_SendsNoBody()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("PUT", "/v1/sys/rotate", 204);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("write", "-f", "sys/rotate");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", server.Single("PUT", "/v1/sys/rotate").Body);
    }

    [Fact]
    public async Task Write_JsonObjectOnStdin_IsSentAsIs()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("PUT", "/v1/secret/app", 204);
        using var cli = new CliRunner(server.Address) { Stdin = """{"list":["a","b"],"n":1}""" };

        await cli.RunAsync("write", "secret/app", "-");

        Assert.Equal("""{"list":["a","b"],"n":1}""", server.Single("PUT", "/v1/secret/app").BodyJson.ToJsonString());
    }

    [Fact]
    public async Task Write_ResponseWithData_PrintsTable()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("PUT", "/v1/sys/replication/dr/secondary/promote", 200, """{"request_id":"r","data":null,"warnings":["This cluster is being promoted to a replication primary."]}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("write", "sys/replication/dr/secondary/promote", "dr_operation_token=hvb.x");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains("* This cluster is being promoted to a replication primary.", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_BadPair_IsUsageError()
    {
        using var cli = new CliRunner("http://127.0.0.1:9");

        var result = await cli.RunAsync("write", "secret/foo", "novalue");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Failed to parse K=V data: Invalid key/value pair 'novalue': format must be key=value\n", result.Stderr);
    }

    [Fact]
    public async Task Write_ServerError_ReportsPathAndExits2()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("PUT", "/v1/auth/token/roles/x", 400, """{"errors":["'token_type' cannot be 'batch' when role is set to generate non-orphan tokens"]}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("write", "auth/token/roles/x", "token_type=batch");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error writing data to auth/token/roles/x: Error making API request.", result.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("* 'token_type' cannot be 'batch' when role is set to generate non-orphan tokens\n", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_SendsListQueryAndPrintsSortedKeys()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/auth/token/roles", 200, """{"data":{"keys":["failover-handler","app"]}}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("list", "auth/token/roles");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Keys\n----\napp\nfailover-handler\n", result.Stdout);
        Assert.Equal("?list=true", server.Single("GET", "/v1/auth/token/roles").Query);
    }

    [Fact]
    public async Task List_NothingThere_ExitsWith2()
    {
        await using var server = await RecordingServer.StartAsync();
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("list", "secret/none");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("No value found at secret/none/\n", result.Stderr);
    }

    [Fact]
    public async Task Delete_Succeeds()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("DELETE", "/v1/auth/token/roles/app", 204);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("delete", "auth/token/roles/app");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Success! Data deleted (if it existed) at: auth/token/roles/app\n", result.Stdout);
    }

    [Fact]
    public async Task Request_TokenFromHelperAndWrapTtlFlag_AreSentAsHeaders()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/secret/foo", 200, """{"data":null,"wrap_info":{"token":"hvs.w","accessor":"a","ttl":300,"creation_time":"2025-01-01T00:00:00Z","creation_path":"secret/foo"}}""");
        using var cli = new CliRunner(server.Address);
        File.WriteAllText(Path.Combine(cli.Home, ".vault-token"), "hvs.helper\n");

        var result = await cli.RunAsync("read", "-wrap-ttl=5m", "-header=X-Trace=abc", "secret/foo");

        Assert.Equal(0, result.ExitCode);
        var request = server.Single("GET", "/v1/secret/foo");
        Assert.Equal("hvs.helper", request.Header("X-Vault-Token"));
        Assert.Equal("5m", request.Header("X-Vault-Wrap-TTL"));
        Assert.Equal("abc", request.Header("X-Trace"));
        Assert.Contains("wrapping_token:                  hvs.w\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_ServerErrorThenSuccess_IsRetried()
    {
        await using var server = await RecordingServer.StartAsync();
        server.OnSequence("GET", "/v1/secret/foo", (500, """{"errors":["internal error"]}"""), (200, """{"data":{"k":"v"}}"""));
        using var cli = new CliRunner(server.Address);
        cli.Env["VAULT_MAX_RETRIES"] = "1";

        var result = await cli.RunAsync("read", "secret/foo");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Request_NotImplemented_IsNotRetried()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/health", 501, """{"initialized":false}""");
        using var cli = new CliRunner(server.Address);
        cli.Env["VAULT_MAX_RETRIES"] = "3";

        await cli.RunAsync("read", "sys/health");

        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Request_ConnectionRefused_ReportsUrlAndExits2()
    {
        using var cli = new CliRunner("http://127.0.0.1:9");

        var result = await cli.RunAsync("read", "secret/foo");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error reading secret/foo: Get \"http://127.0.0.1:9/v1/secret/foo\": ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flags_AfterPath_AreNotParsedAndAWarningSaysSo()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/secret/foo", 200, """{"data":{"k":"v"}}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("read", "secret/foo", "-format=json");

        Assert.Contains("Flags must come before positional arguments", result.Stderr, StringComparison.Ordinal);
        // Like the Go CLI, the late "-format=json" is a K=V pair (a query parameter), not a flag.
        Assert.Equal("?-format=json", server.Single("GET", "/v1/secret/foo").Query);
        Assert.StartsWith("Key    Value\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_SuccessWithInvalidJson_ReportsParseErrorWithoutCrashing()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/secret/foo", 200, "not json");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("read", "secret/foo");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error reading secret/foo: error parsing the response of GET ", result.Stderr, StringComparison.Ordinal);
    }
}
