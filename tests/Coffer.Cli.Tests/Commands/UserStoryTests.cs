using Coffer.Cli.Tests.Support;
using Coffer.Testing.UserStory;

namespace Coffer.Cli.Tests.Commands;

/// <summary>The operator's standard procedure from the user story, command by command, exactly as written.</summary>
public sealed class UserStoryTests
{
    [Fact]
    public async Task PolicyWrite_HeredocOnStdin_PutsPolicyTextToAclPath()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("PUT", "/v1/sys/policies/acl/dr-secondary-promotion", 204);
        using var cli = new CliRunner(server.Address) { Stdin = UserStoryPolicies.DrSecondaryPromotion };
        cli.Env["VAULT_TOKEN"] = "hvs.root";

        var result = await cli.RunAsync("policy", "write", "dr-secondary-promotion", "-");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Success! Uploaded policy: dr-secondary-promotion\n", result.Stdout);
        var request = server.Single("PUT", "/v1/sys/policies/acl/dr-secondary-promotion");
        Assert.Equal(UserStoryPolicies.DrSecondaryPromotion, request.BodyJson["policy"]!.GetValue<string>());
        Assert.Equal("hvs.root", request.Header("X-Vault-Token"));
        Assert.Equal("true", request.Header("X-Vault-Request"));
    }

    [Fact]
    public async Task PolicyList_PrintsOneNamePerLineWithoutHeader()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/policies/acl", 200, """{"request_id":"r","lease_id":"","renewable":false,"lease_duration":0,"data":{"keys":["default","dr-secondary-promotion","root"]},"wrap_info":null,"warnings":null,"auth":null,"mount_type":"system"}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("policy", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("default\ndr-secondary-promotion\nroot\n", result.Stdout);
        Assert.Equal("?list=true", server.Single("GET", "/v1/sys/policies/acl").Query);
    }

    [Fact]
    public async Task PolicyList_Json_PrintsPrettyArray()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/policies/acl", 200, """{"data":{"keys":["default","root"]}}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("policy", "list", "-format=json");

        Assert.Equal("[\n  \"default\",\n  \"root\"\n]\n", result.Stdout);
    }

    [Fact]
    public async Task WriteTokenRole_SendsValuesAsStringsAndReportsSuccess()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("PUT", "/v1/auth/token/roles/failover-handler", 204);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("write", "auth/token/roles/failover-handler",
            "allowed_policies=dr-secondary-promotion", "orphan=true", "renewable=false", "token_type=batch");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Success! Data written to: auth/token/roles/failover-handler\n", result.Stdout);
        Assert.Equal(
            """{"allowed_policies":"dr-secondary-promotion","orphan":"true","renewable":"false","token_type":"batch"}""",
            server.Single("PUT", "/v1/auth/token/roles/failover-handler").BodyJson.ToJsonString());
    }

    [Fact]
    public async Task TokenCreate_WithRoleAndTtl_PostsToRolePathAndPrintsBatchToken()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("POST", "/v1/auth/token/create/failover-handler", 200, """
            {"request_id":"1","lease_id":"","renewable":false,"lease_duration":0,"data":null,"wrap_info":null,"warnings":null,
             "auth":{"client_token":"hvb.AAAAAQJ","accessor":"","policies":["default","dr-secondary-promotion"],
               "token_policies":["default","dr-secondary-promotion"],"metadata":null,"lease_duration":28800,"renewable":false,
               "entity_id":"","token_type":"batch","orphan":true,"mfa_requirement":null,"num_uses":0},"mount_type":"token"}
            """);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("token", "create", "-role=failover-handler", "-ttl=8h");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""
            Key                  Value
            ---                  -----
            token                hvb.AAAAAQJ
            token_accessor       n/a
            token_duration       8h
            token_renewable      false
            token_policies       ["default" "dr-secondary-promotion"]
            identity_policies    []
            policies             ["default" "dr-secondary-promotion"]

            """.ReplaceLineEndings("\n"), result.Stdout);
        var body = server.Single("POST", "/v1/auth/token/create/failover-handler").BodyJson;
        Assert.Equal("8h", body["ttl"]!.GetValue<string>());
        Assert.Equal("0s", body["explicit_max_ttl"]!.GetValue<string>());
        Assert.Equal("0s", body["period"]!.GetValue<string>());
        Assert.Equal("service", body["type"]!.GetValue<string>());
        Assert.Equal("", body["display_name"]!.GetValue<string>());
        Assert.Equal("", body["entity_alias"]!.GetValue<string>());
        Assert.Equal(0, body["num_uses"]!.GetValue<int>());
        Assert.True(body["renewable"]!.GetValue<bool>());
        Assert.False(body.ContainsKey("no_parent"));
        Assert.False(body.ContainsKey("policies"));
    }

    [Fact]
    public async Task DrOperationTokenCeremony_InitSubmitDecode_UsesDrEndpoints()
    {
        const string Otp = "0123456789ABCDEFGHIJKLMNOPQR";
        const string Attempt = "/v1/sys/replication/dr/secondary/generate-operation-token/attempt";
        const string Update = "/v1/sys/replication/dr/secondary/generate-operation-token/update";
        await using var server = await RecordingServer.StartAsync();
        server.On("PUT", Attempt, 200, $$"""{"nonce":"2dbd10f1-aaaa","started":true,"progress":0,"required":1,"complete":false,"encoded_token":"","encoded_root_token":"","pgp_fingerprint":"","otp":"{{Otp}}","otp_length":28}""");
        using var cli = new CliRunner(server.Address);

        var init = await cli.RunAsync("operator", "generate-root", "-dr-token", "-init");

        Assert.Equal(0, init.ExitCode);
        Assert.Equal($"""
            Nonce         2dbd10f1-aaaa
            Started       true
            Progress      0/1
            Complete      false
            OTP           {Otp}
            OTP Length    28

            """.ReplaceLineEndings("\n"), init.Stdout);
        Assert.Contains("A One-Time-Password has been generated for you", init.Stderr, StringComparison.Ordinal);
        Assert.Equal("""{"otp":"","pgp_key":""}""", server.Single("PUT", Attempt).BodyJson.ToJsonString());

        server.On("GET", Attempt, 200, """{"nonce":"2dbd10f1-aaaa","started":true,"progress":0,"required":1,"complete":false,"encoded_token":"","encoded_root_token":"","pgp_fingerprint":"","otp":"","otp_length":28}""");
        server.On("PUT", Update, 200, """{"nonce":"2dbd10f1-aaaa","started":true,"progress":1,"required":1,"complete":true,"encoded_token":"WEdBHVVXVVNdXyYqKi4uKiomJjo6Pj46OiYmKg","encoded_root_token":"","pgp_fingerprint":"","otp":"","otp_length":28}""");

        var submit = await cli.RunAsync("operator", "generate-root", "-dr-token", "-nonce=2dbd10f1-aaaa", "primary-unseal-key");

        Assert.Equal(0, submit.ExitCode);
        Assert.Contains("Encoded Token    WEdBHVVXVVNdXyYqKi4uKiomJjo6Pj46OiYmKg\n", submit.Stdout, StringComparison.Ordinal);
        Assert.Equal("""{"key":"primary-unseal-key","nonce":"2dbd10f1-aaaa"}""", server.Single("PUT", Update).BodyJson.ToJsonString());

        var decode = await cli.RunAsync("operator", "generate-root", "-dr-token", "-otp=" + Otp, "-decode=WEdBHVVXVVNdXyYqKi4uKiomJjo6Pj46OiYmKg");

        Assert.Equal(0, decode.ExitCode);
        Assert.Equal("hvs.abcdefghijklmnopqrstuvwx", decode.Stdout);
        Assert.DoesNotContain(server.Requests, r => r.Path.StartsWith("/v1/sys/generate-root", StringComparison.Ordinal));
    }
}
