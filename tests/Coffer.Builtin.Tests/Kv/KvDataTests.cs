using System.Text.Json.Nodes;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Logical;

namespace Coffer.Builtin.Tests.Kv;

public sealed class KvDataTests
{
    private const string StartTime = "2018-03-22T02:24:06.9453192Z";

    [Fact]
    public async Task Write_NewKey_IsCreateAndReturnsVersion1()
    {
        var kv = KvHarness.V2();

        var written = await kv.PutSecretAsync("my-secret", """{"foo":"bar"}""");

        Assert.Equal(Operation.Create, kv.LastOperation);
        Assert.Equal(
            $$"""{"created_time":"{{StartTime}}","custom_metadata":null,"deletion_time":"","destroyed":false,"version":1}""",
            written!.Data!.ToJsonString());
    }

    [Fact]
    public async Task Write_ExistingKey_IsUpdateAndAddsAVersion()
    {
        var kv = KvHarness.V2();
        await kv.PutSecretAsync("my-secret", """{"foo":"bar"}""");

        var written = await kv.PutSecretAsync("my-secret", """{"foo":"baz"}""");

        Assert.Equal(Operation.Update, kv.LastOperation);
        Assert.Equal(2, written!.Data!["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Read_NoVersionGiven_ReturnsTheLatestWithItsMetadata()
    {
        var kv = KvHarness.V2();
        await kv.PutSecretAsync("my-secret", """{"foo":"one"}""");
        kv.Time.Advance(TimeSpan.FromSeconds(1));
        await kv.PutSecretAsync("my-secret", """{"foo":"two"}""");

        var read = await kv.ReadAsync("data/my-secret");

        Assert.Equal(
            """{"data":{"foo":"two"},"metadata":{"created_time":"2018-03-22T02:24:07.9453192Z","custom_metadata":null,"deletion_time":"","destroyed":false,"version":2}}""",
            read!.Data!.ToJsonString());
    }

    [Fact]
    public async Task Read_VersionFromQueryString_ReturnsThatVersion()
    {
        var kv = KvHarness.V2();
        await kv.PutSecretAsync("my-secret", """{"foo":"one"}""");
        await kv.PutSecretAsync("my-secret", """{"foo":"two"}""");

        var read = await kv.ReadAsync("data/my-secret", new JsonObject { ["version"] = "1" });

        Assert.Equal("one", read!.Data!["data"]!["foo"]!.GetValue<string>());
        Assert.Equal(1, read.Data["metadata"]!["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Read_VersionNotAnInteger_IsRefusedNamingTheField()
    {
        var kv = KvHarness.V2();

        var error = await KvHarness.FailsAsync(() => kv.ReadAsync("data/my-secret", new JsonObject { ["version"] = "latest" }));

        Assert.Equal(ErrorKind.InvalidRequest, error.Kind);
        Assert.Contains("\"version\"", error.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_UnknownKeyOrVersion_ReturnsNothing()
    {
        var kv = KvHarness.V2();
        await kv.PutSecretAsync("my-secret", """{"foo":"one"}""");

        Assert.Null(await kv.ReadAsync("data/other"));
        Assert.Null(await kv.ReadAsync("data/my-secret", new JsonObject { ["version"] = 7L }));
    }

    [Fact]
    public async Task Read_KeyWithMetadataButNoVersion_ReturnsNothing()
    {
        var kv = KvHarness.V2();
        await kv.WriteAsync("metadata/empty", """{"max_versions":3}""");

        Assert.Null(await kv.ReadAsync("data/empty"));
    }

    [Fact]
    public async Task Write_NoData_IsRefused()
    {
        var kv = KvHarness.V2();

        var error = await KvHarness.FailsAsync(() => kv.WriteAsync("data/my-secret", """{"options":{}}"""));

        Assert.Equal(["no data provided"], error.Errors);
    }

    [Theory]
    [InlineData("""{"data":"not an object"}""", "\"data\"")]
    [InlineData("""{"data":{},"options":[1]}""", "\"options\"")]
    [InlineData("""{"data":{},"foo":"bar"}""", "\"foo\"")]
    public async Task Write_BadField_IsRefusedNamingIt(string body, string field)
    {
        var kv = KvHarness.V2();

        var error = await KvHarness.FailsAsync(() => kv.WriteAsync("data/my-secret", body));

        Assert.Equal(ErrorKind.InvalidRequest, error.Kind);
        Assert.Contains(field, error.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_FreeFormData_IsStoredAsGiven()
    {
        var kv = KvHarness.V2();

        await kv.PutSecretAsync("deep", """{"list":[1,"two",{"three":null}],"nested":{"b":true,"a":12345678901234567890}}""");

        Assert.Equal(
            """{"list":[1,"two",{"three":null}],"nested":{"a":12345678901234567890,"b":true}}""",
            (await kv.ReadAsync("data/deep"))!.Data!["data"]!.ToJsonString());
    }

    [Fact]
    public async Task Write_CasZeroOnNewKey_Succeeds()
    {
        var kv = KvHarness.V2();

        var written = await kv.WriteAsync("data/k", """{"options":{"cas":0},"data":{"a":"1"}}""");

        Assert.Equal(1, written!.Data!["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Write_CasZeroOnExistingKey_IsRefusedAsMismatch()
    {
        var kv = KvHarness.V2();
        await kv.PutSecretAsync("k", """{"a":"1"}""");

        var error = await KvHarness.FailsAsync(() => kv.WriteAsync("data/k", """{"options":{"cas":0},"data":{"a":"2"}}"""));

        Assert.Equal(ErrorKind.InvalidRequest, error.Kind);
        Assert.Equal(["check-and-set parameter did not match the current version"], error.Errors);
        Assert.Equal(1, (await kv.MetadataAsync("k"))["current_version"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("1")]
    [InlineData("\"1\"")]
    public async Task Write_CasEqualToCurrentVersion_Succeeds(string cas)
    {
        var kv = KvHarness.V2();
        await kv.PutSecretAsync("k", """{"a":"1"}""");

        var written = await kv.WriteAsync("data/k", $$$"""{"options":{"cas":{{{cas}}}},"data":{"a":"2"}}""");

        Assert.Equal(2, written!.Data!["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Write_CasNotANumber_IsRefused()
    {
        var kv = KvHarness.V2();

        var error = await KvHarness.FailsAsync(() => kv.WriteAsync("data/k", """{"options":{"cas":"first"},"data":{"a":"2"}}"""));

        Assert.Equal(["error parsing check-and-set parameter"], error.Errors);
    }

    [Fact]
    public async Task Write_MountRequiresCasAndNoneGiven_IsRefused()
    {
        var kv = KvHarness.V2();
        await kv.WriteAsync("config", """{"cas_required":true}""");

        var error = await KvHarness.FailsAsync(() => kv.PutSecretAsync("k", """{"a":"1"}"""));

        Assert.Equal(["check-and-set parameter required for this call"], error.Errors);
        Assert.Equal(1, (await kv.WriteAsync("data/k", """{"options":{"cas":0},"data":{"a":"1"}}"""))!.Data!["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Write_KeyRequiresCasAndNoneGiven_IsRefused()
    {
        var kv = KvHarness.V2();
        await kv.WriteAsync("metadata/k", """{"cas_required":true}""");

        var error = await KvHarness.FailsAsync(() => kv.PutSecretAsync("k", """{"a":"1"}"""));

        Assert.Equal(["check-and-set parameter required for this call"], error.Errors);
        Assert.NotNull(await kv.PutSecretAsync("other", """{"a":"1"}"""));
    }

    [Fact]
    public async Task Write_UnsortedKeys_ReadBackInOrdinalOrderAtEveryDepth()
    {
        var kv = KvHarness.V2();

        await kv.PutSecretAsync("order", """{"z":[{"y":1,"x":[{"b":1,"a":2}]}],"a":"é","B":{"é":1,"e":2},"_":null}""");

        Assert.Equal(
            """{"B":{"e":2,"\u00E9":1},"_":null,"a":"\u00E9","z":[{"x":[{"a":2,"b":1}],"y":1}]}""",
            (await kv.ReadAsync("data/order"))!.Data!["data"]!.ToJsonString());
    }

    [Fact]
    public async Task Patch_LatestVersion_MergesAndStoresANewVersion()
    {
        var kv = KvHarness.V2();
        await kv.PutSecretAsync("p", """{"keep":"1","change":"old","remove":"x","nested":{"a":1,"b":2}}""");

        var patched = await kv.PatchAsync("data/p", """{"data":{"change":"new","remove":null,"nested":{"b":null,"c":3},"added":[1]}}""");

        Assert.Equal(2, patched!.Data!["version"]!.GetValue<long>());
        Assert.Equal(
            """{"added":[1],"change":"new","keep":"1","nested":{"a":1,"c":3}}""",
            (await kv.ReadAsync("data/p"))!.Data!["data"]!.ToJsonString());
        Assert.Equal("x", (await kv.ReadAsync("data/p", new JsonObject { ["version"] = 1L }))!.Data!["data"]!["remove"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_MissingKey_IsNotFound()
    {
        var kv = KvHarness.V2();

        var error = await KvHarness.FailsAsync(() => kv.PatchAsync("data/none", """{"data":{"a":"1"}}"""));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task Patch_KeyWithoutVersions_IsNotFound()
    {
        var kv = KvHarness.V2();
        await kv.WriteAsync("metadata/bare", """{"max_versions":2}""");

        var error = await KvHarness.FailsAsync(() => kv.PatchAsync("data/bare", """{"data":{"a":"1"}}"""));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task Patch_DeletedLatestVersion_Is404WithTheVersionMetadata()
    {
        var kv = KvHarness.V2();
        await kv.PutSecretAsync("p", """{"a":"1"}""");
        await kv.DeleteAsync("data/p");

        var body = RawNotFound.Body(await kv.PatchAsync("data/p", """{"data":{"a":"2"}}"""));

        Assert.Equal(
            $$"""{"created_time":"{{StartTime}}","custom_metadata":null,"deletion_time":"{{StartTime}}","destroyed":false,"version":1}""",
            body["data"]!.ToJsonString());
        Assert.Equal(1, (await kv.MetadataAsync("p"))["current_version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Patch_DestroyedLatestVersion_Is404()
    {
        var kv = KvHarness.V2();
        await kv.PutSecretAsync("p", """{"a":"1"}""");
        await kv.WriteAsync("destroy/p", """{"versions":[1]}""");

        var body = RawNotFound.Body(await kv.PatchAsync("data/p", """{"data":{"a":"2"}}"""));

        Assert.True(body["data"]!["destroyed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Patch_CasMismatch_IsRefused()
    {
        var kv = KvHarness.V2();
        await kv.PutSecretAsync("p", """{"a":"1"}""");

        var error = await KvHarness.FailsAsync(() => kv.PatchAsync("data/p", """{"options":{"cas":3},"data":{"a":"2"}}"""));

        Assert.Equal(["check-and-set parameter did not match the current version"], error.Errors);
    }

    [Fact]
    public async Task Patch_NoData_IsRefused()
    {
        var kv = KvHarness.V2();
        await kv.PutSecretAsync("p", """{"a":"1"}""");

        var error = await KvHarness.FailsAsync(() => kv.PatchAsync("data/p", """{"options":{"cas":1}}"""));

        Assert.Equal(["no data provided"], error.Errors);
    }

    [Fact]
    public async Task Delete_LatestVersion_SoftDeletesItAndReadIs404WithMetadata()
    {
        var kv = KvHarness.V2();
        await kv.PutSecretAsync("d", """{"a":"1"}""");
        await kv.PutSecretAsync("d", """{"a":"2"}""");
        kv.Time.Advance(TimeSpan.FromSeconds(5));

        Assert.Null(await kv.DeleteAsync("data/d"));

        var body = RawNotFound.Body(await kv.ReadAsync("data/d"));
        Assert.Equal(
            $$$"""{"data":null,"metadata":{"created_time":"{{{StartTime}}}","custom_metadata":null,"deletion_time":"2018-03-22T02:24:11.9453192Z","destroyed":false,"version":2}}""",
            body["data"]!.ToJsonString());
        Assert.Equal("1", (await kv.ReadAsync("data/d", new JsonObject { ["version"] = 1L }))!.Data!["data"]!["a"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_UnknownKey_DoesNothing()
    {
        var kv = KvHarness.V2();

        Assert.Null(await kv.DeleteAsync("data/none"));

        Assert.Empty(kv.Storage.Commits);
    }

    [Fact]
    public async Task Delete_AlreadyDeletedLatest_KeepsTheFirstDeletionTime()
    {
        var kv = KvHarness.V2();
        await kv.PutSecretAsync("d", """{"a":"1"}""");
        await kv.DeleteAsync("data/d");
        kv.Storage.Reset();
        kv.Time.Advance(TimeSpan.FromMinutes(1));

        await kv.DeleteAsync("data/d");

        Assert.Empty(kv.Storage.Commits);
        Assert.Equal(StartTime, (await kv.MetadataAsync("d"))["versions"]!["1"]!["deletion_time"]!.GetValue<string>());
    }
}
