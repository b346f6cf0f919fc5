using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests.Commands.Kv;

public sealed class KvCommandTests
{
    private const string V2Mount = """{"data":{"path":"secret/","type":"kv","options":{"version":"2"}}}""";
    private const string V1Mount = """{"data":{"path":"kv/","type":"kv","options":null}}""";
    private const string Written = """{"request_id":"r","data":{"created_time":"2025-01-01T00:00:00Z","custom_metadata":null,"deletion_time":"","destroyed":false,"version":2}}""";

    private static async Task<RecordingServer> V2ServerAsync()
    {
        var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/internal/ui/mounts/secret/app/config", 200, V2Mount)
            .On("GET", "/v1/sys/internal/ui/mounts/secret", 200, V2Mount);
        return server;
    }

    [Fact]
    public async Task Put_OnV2_WrapsDataAndPrintsVersionMetadata()
    {
        await using var server = await V2ServerAsync();
        server.On("PUT", "/v1/secret/data/app/config", 200, Written);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("kv", "put", "secret/app/config", "user=app", "password=p");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"data":{"user":"app","password":"p"},"options":{}}""", server.Single("PUT", "/v1/secret/data/app/config").BodyJson.ToJsonString());
        Assert.Equal("""
            ===== Secret Path =====
            secret/data/app/config

            ======= Metadata =======
            Key                Value
            ---                -----
            created_time       2025-01-01T00:00:00Z
            custom_metadata    <nil>
            deletion_time      n/a
            destroyed          false
            version            2

            """.ReplaceLineEndings("\n"), result.Stdout);
    }

    [Fact]
    public async Task Put_WithMountFlagAndCas_UsesMountAndSendsCas()
    {
        await using var server = await V2ServerAsync();
        server.On("PUT", "/v1/secret/data/app/config", 200, Written);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("kv", "put", "-mount=secret", "-cas=1", "app/config", "k=v");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"data":{"k":"v"},"options":{"cas":1}}""", server.Single("PUT", "/v1/secret/data/app/config").BodyJson.ToJsonString());
        Assert.Single(server.Requests, r => r.Path == "/v1/sys/internal/ui/mounts/secret");
    }

    [Fact]
    public async Task Put_OnV1_WritesDataDirectly()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/internal/ui/mounts/kv/app", 200, V1Mount).On("PUT", "/v1/kv/app", 204);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("kv", "put", "kv/app", "k=v");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Success! Data written to: kv/app\n", result.Stdout);
        Assert.Equal("""{"k":"v"}""", server.Single("PUT", "/v1/kv/app").BodyJson.ToJsonString());
    }

    [Fact]
    public async Task Put_NoData_IsUsageError()
    {
        using var cli = new CliRunner("http://127.0.0.1:9");

        var result = await cli.RunAsync("kv", "put", "secret/x");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Must supply data\n", result.Stderr);
    }

    [Fact]
    public async Task Get_OnV2_PrintsPathMetadataAndDataSections()
    {
        await using var server = await V2ServerAsync();
        server.On("GET", "/v1/secret/data/app/config", 200, """{"request_id":"r","data":{"data":{"foo":"bar"},"metadata":{"created_time":"2025-01-01T00:00:00Z","custom_metadata":null,"deletion_time":"","destroyed":false,"version":1}}}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("kv", "get", "-version=1", "secret/app/config");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("?version=1", server.Single("GET", "/v1/secret/data/app/config").Query);
        Assert.Equal("""
            ===== Secret Path =====
            secret/data/app/config

            ======= Metadata =======
            Key                Value
            ---                -----
            created_time       2025-01-01T00:00:00Z
            custom_metadata    <nil>
            deletion_time      n/a
            destroyed          false
            version            1

            === Data ===
            Key    Value
            ---    -----
            foo    bar

            """.ReplaceLineEndings("\n"), result.Stdout);
    }

    [Fact]
    public async Task Get_FieldOnV2_ReadsInsideData()
    {
        await using var server = await V2ServerAsync();
        server.On("GET", "/v1/secret/data/app/config", 200, """{"data":{"data":{"password":"p"},"metadata":{"version":1}}}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("kv", "get", "-field=password", "secret/app/config");

        Assert.Equal("p", result.Stdout);
    }

    [Fact]
    public async Task Get_Missing_SaysNoValue()
    {
        await using var server = await V2ServerAsync();
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("kv", "get", "secret/app/config");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("No value found at secret/data/app/config\n", result.Stderr);
    }

    [Fact]
    public async Task Get_ServerWithoutMountsEndpoint_TreatsMountAsVersionOne()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/secret/foo", 200, """{"data":{"k":"v"}}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("kv", "get", "secret/foo");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("== Data ==\nKey    Value\n---    -----\nk      v\n", result.Stdout);
    }

    [Fact]
    public async Task Get_PreflightDenied_ReportsErrorAndExits2()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/internal/ui/mounts/secret/foo", 403, """{"errors":["permission denied"]}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("kv", "get", "secret/foo");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error making API request.", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_OnV2_ListsMetadataPath()
    {
        await using var server = await V2ServerAsync();
        server.On("GET", "/v1/secret/metadata", 200, """{"data":{"keys":["b","a/"]}}""");
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("kv", "list", "secret/");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Keys\n----\na/\nb\n", result.Stdout);
        Assert.Equal("?list=true", server.Single("GET", "/v1/secret/metadata").Query);
    }

    [Fact]
    public async Task Delete_WithVersions_PostsVersionList()
    {
        await using var server = await V2ServerAsync();
        server.On("PUT", "/v1/secret/delete/app/config", 204);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("kv", "delete", "-versions=1,2", "-versions", "4", "secret/app/config");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"versions":["1","2","4"]}""", server.Single("PUT", "/v1/secret/delete/app/config").BodyJson.ToJsonString());
        Assert.Equal("Success! Data deleted (if it existed) at: secret/data/app/config\n", result.Stdout);
    }

    [Fact]
    public async Task Delete_WithoutVersions_DeletesLatest()
    {
        await using var server = await V2ServerAsync();
        server.On("DELETE", "/v1/secret/data/app/config", 204);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("kv", "delete", "secret/app/config");

        Assert.Equal(0, result.ExitCode);
        Assert.Single(server.Requests, r => r.Method == "DELETE");
    }

    [Theory]
    [InlineData("undelete")]
    [InlineData("destroy")]
    public async Task UndeleteAndDestroy_PostVersionsToTheirPath(string verb)
    {
        await using var server = await V2ServerAsync();
        server.On("PUT", $"/v1/secret/{verb}/app/config", 204);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("kv", verb, "-versions=3", "secret/app/config");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"Success! Data written to: secret/{verb}/app/config\n", result.Stdout);
        Assert.Equal("""{"versions":["3"]}""", server.Single("PUT", $"/v1/secret/{verb}/app/config").BodyJson.ToJsonString());
    }

    [Fact]
    public async Task Undelete_WithoutVersions_IsUsageError()
    {
        using var cli = new CliRunner("http://127.0.0.1:9");

        var result = await cli.RunAsync("kv", "undelete", "secret/x");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("No versions provided, use the \"-versions\" flag to specify the version to undelete.\n", result.Stderr);
    }

    [Fact]
    public async Task Destroy_OnV1_IsRefused()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/internal/ui/mounts/kv/app", 200, V1Mount);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("kv", "destroy", "-versions=1", "kv/app");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Destroy not supported on KV Version 1\n", result.Stderr);
    }

    [Fact]
    public async Task Patch_SendsMergePatchWithRemovals()
    {
        await using var server = await V2ServerAsync();
        server.On("PATCH", "/v1/secret/data/app/config", 200, Written);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("kv", "patch", "-remove-data=old", "secret/app/config", "new=1");

        Assert.Equal(0, result.ExitCode);
        var request = server.Single("PATCH", "/v1/secret/data/app/config");
        Assert.StartsWith("application/merge-patch+json", request.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal("""{"data":{"new":"1","old":null},"options":{}}""", request.BodyJson.ToJsonString());
    }

    [Fact]
    public async Task Patch_Refused_FallsBackToReadThenWriteWithCas()
    {
        await using var server = await V2ServerAsync();
        server.On("PATCH", "/v1/secret/data/app/config", 405, """{"errors":[]}""")
            .On("GET", "/v1/secret/data/app/config", 200, """{"data":{"data":{"keep":"k","old":"o"},"metadata":{"version":7}}}""")
            .On("PUT", "/v1/secret/data/app/config", 200, Written);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("kv", "patch", "-remove-data=old", "secret/app/config", "new=1");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"data":{"keep":"k","new":"1"},"options":{"cas":7}}""", server.Single("PUT", "/v1/secret/data/app/config").BodyJson.ToJsonString());
    }

    [Fact]
    public async Task MetadataGet_PrintsMetadataThenEachVersion()
    {
        await using var server = await V2ServerAsync();
        server.On("GET", "/v1/secret/metadata/app/config", 200, """
            {"data":{"cas_required":false,"current_version":2,"max_versions":0,
              "versions":{"10":{"destroyed":false},"2":{"destroyed":true}}}}
            """);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("kv", "metadata", "get", "secret/app/config");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""
            ====== Metadata Path ======
            secret/metadata/app/config

            ======= Metadata =======
            Key                Value
            ---                -----
            cas_required       false
            current_version    2
            max_versions       0

            ==== Version 2 ====
            Key          Value
            ---          -----
            destroyed    true

            === Version 10 ===
            Key          Value
            ---          -----
            destroyed    false

            """.ReplaceLineEndings("\n"), result.Stdout);
    }

    [Fact]
    public async Task MetadataPut_SendsOnlyGivenSettings()
    {
        await using var server = await V2ServerAsync();
        server.On("PUT", "/v1/secret/metadata/app/config", 204);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("kv", "metadata", "put", "-max-versions=5", "-delete-version-after=1h", "-custom-metadata=owner=ops", "secret/app/config");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"max_versions":5,"delete_version_after":"1h","custom_metadata":{"owner":"ops"}}""", server.Single("PUT", "/v1/secret/metadata/app/config").BodyJson.ToJsonString());
    }

    [Fact]
    public async Task MetadataDelete_DeletesMetadataPath()
    {
        await using var server = await V2ServerAsync();
        server.On("DELETE", "/v1/secret/metadata/app/config", 204);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("kv", "metadata", "delete", "secret/app/config");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Success! Data deleted (if it existed) at: secret/metadata/app/config\n", result.Stdout);
    }
}
