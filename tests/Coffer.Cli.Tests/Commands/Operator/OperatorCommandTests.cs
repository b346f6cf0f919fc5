using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests.Commands.Operator;

public sealed class OperatorCommandTests
{
    private const string InitResponse = """
        {"keys":["k1hex","k2hex","k3hex","k4hex","k5hex"],"keys_base64":["k1b64","k2b64","k3b64","k4b64","k5b64"],"root_token":"hvs.XXXXXXXXXXXXXXXXXXXXXXXX"}
        """;

    private const string SealedStatus = """{"type":"shamir","initialized":true,"sealed":true,"t":3,"n":5,"progress":2,"nonce":"n-1","version":"1.21.1","build_date":"b","migration":false,"recovery_seal":false,"storage_type":"raft"}""";

    [Fact]
    public async Task Init_Table_MatchesSpecOutput()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("PUT", "/v1/sys/init", 200, InitResponse);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("operator", "init");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""
            Unseal Key 1: k1b64
            Unseal Key 2: k2b64
            Unseal Key 3: k3b64
            Unseal Key 4: k4b64
            Unseal Key 5: k5b64

            Initial Root Token: hvs.XXXXXXXXXXXXXXXXXXXXXXXX

            Vault initialized with 5 key shares and a key threshold of 3. Please securely
            distribute the key shares printed above. When the Vault is re-sealed,
            restarted, or stopped, you must supply at least 3 of these keys to unseal it
            before it can start servicing requests.

            Vault does not store the generated root key. Without at least 3 keys to
            reconstruct the root key, Vault will remain permanently sealed!

            It is possible to generate new unseal keys, provided you have a quorum of
            existing unseal keys shares. See "vault operator rekey" for more information.

            """.ReplaceLineEndings("\n"), result.Stdout);
        Assert.Equal("""{"secret_shares":5,"secret_threshold":3}""", server.Single("PUT", "/v1/sys/init").BodyJson.ToJsonString());
    }

    [Fact]
    public async Task Init_ShortFlagsAndJson_SendsSharesAndPrintsMachineObject()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("PUT", "/v1/sys/init", 200, """{"keys":["aa"],"keys_base64":["qg=="],"root_token":"hvs.R"}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("operator", "init", "-n", "1", "-t=1", "-format=json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"secret_shares":1,"secret_threshold":1}""", server.Single("PUT", "/v1/sys/init").BodyJson.ToJsonString());
        Assert.Equal("""
            {
              "unseal_keys_b64": [
                "qg=="
              ],
              "unseal_keys_hex": [
                "aa"
              ],
              "unseal_shares": 1,
              "unseal_threshold": 1,
              "recovery_keys_b64": [],
              "recovery_keys_hex": [],
              "recovery_keys_shares": 5,
              "recovery_keys_threshold": 3,
              "root_token": "hvs.R"
            }

            """.ReplaceLineEndings("\n"), result.Stdout);
    }

    [Fact]
    public async Task Init_PgpKeysFlag_SendsKeysForTheServerToJudge()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("PUT", "/v1/sys/init", 400, """{"errors":["PGP-encrypted key shares are not supported"]}""");
        using var cli = new CliRunner(server.Address);
        var keyFile = Path.Combine(cli.Home, "key.asc");
        File.WriteAllText(keyFile, "bXlrZXk=");

        var result = await cli.RunAsync("operator", "init", "-key-shares=1", "-key-threshold=1", "-pgp-keys=" + keyFile + ",keybase:ops");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("""["bXlrZXk=","keybase:ops"]""", server.Single("PUT", "/v1/sys/init").BodyJson["pgp_keys"]!.ToJsonString());
        Assert.StartsWith("Error initializing: Error making API request.", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true", 0, "Vault is initialized\n")]
    [InlineData("false", 2, "Vault is not initialized\n")]
    public async Task InitStatus_ReflectsStateInExitCode(string initialized, int code, string output)
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/init", 200, $$"""{"initialized":{{initialized}}}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("operator", "init", "-status");

        Assert.Equal(code, result.ExitCode);
        Assert.Equal(output, result.Stdout);
    }

    [Fact]
    public async Task Unseal_NoKey_PromptsReadsLineAndPrintsStatus()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("PUT", "/v1/sys/unseal", 200, SealedStatus).On("GET", "/v1/sys/leader", 503, """{"errors":["Vault is sealed"]}""");
        using var cli = new CliRunner(server.Address) { Stdin = "  the-share \n" };

        var result = await cli.RunAsync("operator", "unseal");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Unseal Key (will be hidden): \nKey ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Unseal Progress    2/3\n", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("""{"key":"the-share","reset":false,"migrate":false}""", server.Single("PUT", "/v1/sys/unseal").BodyJson.ToJsonString());
    }

    [Fact]
    public async Task Unseal_DashReadsStandardInput()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("PUT", "/v1/sys/unseal", 200, SealedStatus).On("GET", "/v1/sys/leader", 200, """{"ha_enabled":false}""");
        using var cli = new CliRunner(server.Address) { Stdin = "piped-share\n" };

        await cli.RunAsync("operator", "unseal", "-");

        Assert.Equal("piped-share", server.Single("PUT", "/v1/sys/unseal").BodyJson["key"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unseal_Reset_SendsResetOnly()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("PUT", "/v1/sys/unseal", 200, SealedStatus).On("GET", "/v1/sys/leader", 200, """{"ha_enabled":false}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("operator", "unseal", "-reset");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"reset":true}""", server.Single("PUT", "/v1/sys/unseal").BodyJson.ToJsonString());
    }

    [Fact]
    public async Task Unseal_NonInteractiveWithoutKey_RefusesToPrompt()
    {
        using var cli = new CliRunner("http://127.0.0.1:9");

        var result = await cli.RunAsync("operator", "unseal", "-non-interactive");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Not prompting for the unseal key because -non-interactive is set", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unseal_WrongKey_Exits2WithServerError()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("PUT", "/v1/sys/unseal", 400, """{"errors":["unseal failed, invalid key"]}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("operator", "unseal", "bad");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error unsealing: Error making API request.", result.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("* unseal failed, invalid key\n", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seal_PutsAndConfirms()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("PUT", "/v1/sys/seal", 204);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("operator", "seal");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Success! Vault is sealed.\n", result.Stdout);
    }

    [Fact]
    public async Task GenerateRoot_Status_UsesRootPathAndPrintsRows()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/generate-root/attempt", 200, """{"nonce":"","started":false,"progress":0,"required":3,"complete":false,"encoded_token":"","encoded_root_token":"","pgp_fingerprint":"","otp":"","otp_length":28}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("operator", "generate-root", "-status");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Nonce         n/a\nStarted       false\nProgress      0/3\nComplete      false\nOTP Length    28\n", result.Stdout);
    }

    [Fact]
    public async Task GenerateRoot_StatusJson_HasEveryField()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/generate-root/attempt", 200, """{"nonce":"n","started":true,"progress":1,"required":3,"complete":false,"encoded_token":"","encoded_root_token":"","pgp_fingerprint":"","otp":"","otp_length":28}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("operator", "generate-root", "-status", "-format=json");

        Assert.Equal("""
            {
              "nonce": "n",
              "started": true,
              "progress": 1,
              "required": 3,
              "complete": false,
              "encoded_token": "",
              "encoded_root_token": "",
              "pgp_fingerprint": "",
              "otp": "",
              "otp_length": 28
            }

            """.ReplaceLineEndings("\n"), result.Stdout);
    }

    [Fact]
    public async Task GenerateRoot_InitWithOwnOtp_SendsIt()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("PUT", "/v1/sys/generate-root/attempt", 200, """{"nonce":"n","started":true,"progress":0,"required":1,"complete":false,"otp_length":28}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("operator", "generate-root", "-init", "-otp=0123456789ABCDEFGHIJKLMNOPQR");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"otp":"0123456789ABCDEFGHIJKLMNOPQR","pgp_key":""}""", server.Single("PUT", "/v1/sys/generate-root/attempt").BodyJson.ToJsonString());
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public async Task GenerateRoot_KeyAtPrompt_UsesNonceOfRunningAttempt()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/generate-root/attempt", 200, """{"nonce":"abc","started":true,"progress":0,"required":2,"otp_length":28}""")
            .On("PUT", "/v1/sys/generate-root/update", 200, """{"nonce":"abc","started":true,"progress":1,"required":2,"otp_length":28}""");
        using var cli = new CliRunner(server.Address) { Stdin = "share-1\n" };

        var result = await cli.RunAsync("operator", "generate-root");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Operation nonce: abc\nUnseal Key (will be hidden): \nNonce ", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("""{"key":"share-1","nonce":"abc"}""", server.Single("PUT", "/v1/sys/generate-root/update").BodyJson.ToJsonString());
    }

    [Fact]
    public async Task GenerateRoot_KeyArgumentWithoutNonce_IsUsageError()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/generate-root/attempt", 200, """{"nonce":"abc","started":true,"progress":0,"required":2,"otp_length":28}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("operator", "generate-root", "share");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Missing nonce value: specify it via the -nonce flag\n", result.Stderr);
    }

    [Fact]
    public async Task GenerateRoot_NoAttemptRunning_ExplainsHowToStart()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/generate-root/attempt", 200, """{"nonce":"","started":false,"progress":0,"required":2,"otp_length":28}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("operator", "generate-root", "-nonce=x", "share");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No root generation is in progress.", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("needs an OTP of exactly 28 characters", result.Stderr.Replace("\n", " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateRoot_GenerateOtp_PrintsBase62OfServerLength()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/generate-root/attempt", 200, """{"started":false,"otp_length":26}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("operator", "generate-root", "-generate-otp");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(26, result.Stdout.Length);
        Assert.All(result.Stdout, c => Assert.True(char.IsAsciiLetterOrDigit(c)));
    }

    [Fact]
    public async Task GenerateRoot_DecodeFromStdinAsJson_PrintsTokenObject()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/generate-root/attempt", 200, """{"started":false,"otp_length":28}""");
        using var cli = new CliRunner(server.Address) { Stdin = "WEdBHVVXVVNdXyYqKi4uKiomJjo6Pj46OiYmKg\n" };

        var result = await cli.RunAsync("operator", "generate-root", "-decode=-", "-otp=0123456789ABCDEFGHIJKLMNOPQR", "-format=json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("{\n  \"token\": \"hvs.abcdefghijklmnopqrstuvwx\"\n}\n", result.Stdout);
    }

    [Fact]
    public async Task GenerateRoot_DecodeWithoutOtp_IsUsageError()
    {
        using var cli = new CliRunner("http://127.0.0.1:9");

        var result = await cli.RunAsync("operator", "generate-root", "-decode=abc");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Missing otp: use -otp to supply it\n", result.Stderr);
    }

    [Fact]
    public async Task GenerateRoot_Cancel_DeletesAttempt()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("DELETE", "/v1/sys/replication/dr/secondary/generate-operation-token/attempt", 204);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("operator", "generate-root", "-dr-token", "-cancel");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Success! Root token generation canceled (if it was started)\n", result.Stdout);
    }

    [Fact]
    public async Task GenerateRoot_DrAndRecoveryTogether_IsUsageError()
    {
        using var cli = new CliRunner("http://127.0.0.1:9");

        var result = await cli.RunAsync("operator", "generate-root", "-dr-token", "-recovery-token", "-status");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Both -recovery-token and -dr-token flags are set\n", result.Stderr);
    }

    [Fact]
    public async Task KeyStatus_Table_ShowsTermTimeAndCount()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/key-status", 200, """{"term":3,"install_time":"2015-05-29T14:50:46.223692553-07:00","encryptions":74718331,"data":{"term":3,"install_time":"2015-05-29T14:50:46.223692553-07:00","encryptions":74718331}}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("operator", "key-status");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Key Term            3\nInstall Time        29 May 15 21:50 UTC\nEncryption Count    74718331\n", result.Stdout);
    }

    [Fact]
    public async Task Rotate_RotatesThenPrintsKeyStatus()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("PUT", "/v1/sys/rotate", 204).On("GET", "/v1/sys/key-status", 200, """{"data":{"term":4,"install_time":"2025-01-01T00:00:00Z","encryptions":0}}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("operator", "rotate");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Success! Rotated key\n\nKey Term            4\nInstall Time        01 Jan 25 00:00 UTC\nEncryption Count    0\n", result.Stdout);
    }
}
