using System.Text.Json.Nodes;
using Coffer.Sdk.Errors;

namespace Coffer.Builtin.Tests.Kv;

public sealed class KvVersionLifecycleTests
{
    private static async Task<KvHarness> WithVersionsAsync(int count, string key = "v")
    {
        var kv = KvHarness.V2();
        for (var i = 1; i <= count; i++)
        {
            await kv.PutSecretAsync(key, $$"""{"n":"{{i}}"}""");
        }

        return kv;
    }

    private static async Task<JsonObject> VersionStateAsync(KvHarness kv, string key, int version) =>
        (await kv.MetadataAsync(key))["versions"]![version.ToString(System.Globalization.CultureInfo.InvariantCulture)]!.AsObject();

    private static Task<Coffer.Sdk.Logical.LogicalResponse?> ReadVersionAsync(KvHarness kv, string key, long version) =>
        kv.ReadAsync("data/" + key, new JsonObject { ["version"] = version });

    [Fact]
    public async Task DeleteVersions_Listed_MarksOnlyThoseDeleted()
    {
        var kv = await WithVersionsAsync(3);
        kv.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Null(await kv.WriteAsync("delete/v", """{"versions":[1,3,9]}"""));

        RawNotFound.Body(await ReadVersionAsync(kv, "v", 1));
        RawNotFound.Body(await ReadVersionAsync(kv, "v", 3));
        Assert.Equal("2", (await ReadVersionAsync(kv, "v", 2))!.Data!["data"]!["n"]!.GetValue<string>());
        Assert.Equal("2018-03-22T02:24:07.9453192Z", (await VersionStateAsync(kv, "v", 1))["deletion_time"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("\"1,2\"")]
    [InlineData("[\"1\",\"2\"]")]
    public async Task DeleteVersions_CommaSeparatedOrStrings_AreAccepted(string versions)
    {
        var kv = await WithVersionsAsync(2);

        await kv.WriteAsync("delete/v", $$"""{"versions":{{versions}}}""");

        RawNotFound.Body(await ReadVersionAsync(kv, "v", 1));
        RawNotFound.Body(await ReadVersionAsync(kv, "v", 2));
    }

    [Theory]
    [InlineData("delete", "No version number provided")]
    [InlineData("undelete", "No version number provided")]
    [InlineData("destroy", "no version number provided")]
    public async Task ChangeVersions_NoVersions_IsRefused(string verb, string message)
    {
        var kv = await WithVersionsAsync(1);

        var error = await KvHarness.FailsAsync(() => kv.WriteAsync(verb + "/v", "{}"));

        Assert.Equal([message], error.Errors);
    }

    [Theory]
    [InlineData("delete")]
    [InlineData("undelete")]
    [InlineData("destroy")]
    public async Task ChangeVersions_NonIntegerVersion_IsRefusedNamingTheField(string verb)
    {
        var kv = await WithVersionsAsync(1);

        var error = await KvHarness.FailsAsync(() => kv.WriteAsync(verb + "/v", """{"versions":["one"]}"""));

        Assert.Equal(ErrorKind.InvalidRequest, error.Kind);
        Assert.Contains("\"versions\"", error.Errors[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("delete")]
    [InlineData("undelete")]
    [InlineData("destroy")]
    public async Task ChangeVersions_UnknownKey_DoesNothing(string verb)
    {
        var kv = KvHarness.V2();

        Assert.Null(await kv.WriteAsync(verb + "/none", """{"versions":[1]}"""));

        Assert.Empty(kv.Storage.Commits);
    }

    [Fact]
    public async Task Undelete_DeletedVersion_MakesItReadableAgain()
    {
        var kv = await WithVersionsAsync(2);
        await kv.WriteAsync("delete/v", """{"versions":[1,2]}""");

        Assert.Null(await kv.WriteAsync("undelete/v", """{"versions":[1]}"""));

        Assert.Equal("1", (await ReadVersionAsync(kv, "v", 1))!.Data!["data"]!["n"]!.GetValue<string>());
        Assert.Equal(string.Empty, (await VersionStateAsync(kv, "v", 1))["deletion_time"]!.GetValue<string>());
        RawNotFound.Body(await kv.ReadAsync("data/v"));
    }

    [Fact]
    public async Task Destroy_Version_RemovesItsDataForGood()
    {
        var kv = await WithVersionsAsync(2);

        Assert.Null(await kv.WriteAsync("destroy/v", """{"versions":[1]}"""));

        var body = RawNotFound.Body(await ReadVersionAsync(kv, "v", 1));
        Assert.True(body["data"]!["metadata"]!["destroyed"]!.GetValue<bool>());
        Assert.Null(body["data"]!["data"]);
        Assert.True((await VersionStateAsync(kv, "v", 1))["destroyed"]!.GetValue<bool>());
        await kv.WriteAsync("undelete/v", """{"versions":[1]}""");
        RawNotFound.Body(await ReadVersionAsync(kv, "v", 1));
        Assert.Equal("2", (await kv.ReadAsync("data/v"))!.Data!["data"]!["n"]!.GetValue<string>());
    }

    [Fact]
    public async Task Destroy_DeletedVersion_IsDestroyedToo()
    {
        var kv = await WithVersionsAsync(1);
        await kv.DeleteAsync("data/v");

        await kv.WriteAsync("destroy/v", """{"versions":[1]}""");

        var state = await VersionStateAsync(kv, "v", 1);
        Assert.True(state["destroyed"]!.GetValue<bool>());
        Assert.NotEqual(string.Empty, state["deletion_time"]!.GetValue<string>());
    }

    [Fact]
    public async Task MaxVersions_Unset_KeepsTenVersions()
    {
        var kv = await WithVersionsAsync(12);

        var metadata = await kv.MetadataAsync("v");

        Assert.Equal(3, metadata["oldest_version"]!.GetValue<long>());
        Assert.Equal(Enumerable.Range(3, 10).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal), metadata["versions"]!.AsObject().Select(p => p.Key));
        Assert.Null(await ReadVersionAsync(kv, "v", 2));
    }

    [Fact]
    public async Task MaxVersions_Mount_PrunesTheOldestVersions()
    {
        var kv = KvHarness.V2();
        await kv.WriteAsync("config", """{"max_versions":3}""");
        for (var i = 1; i <= 5; i++)
        {
            await kv.PutSecretAsync("v", $$"""{"n":"{{i}}"}""");
        }

        var metadata = await kv.MetadataAsync("v");

        Assert.Equal(5, metadata["current_version"]!.GetValue<long>());
        Assert.Equal(3, metadata["oldest_version"]!.GetValue<long>());
        Assert.Equal(["3", "4", "5"], metadata["versions"]!.AsObject().Select(p => p.Key));
        Assert.Null(await ReadVersionAsync(kv, "v", 1));
        Assert.Null(await ReadVersionAsync(kv, "v", 2));
        Assert.Equal("3", (await ReadVersionAsync(kv, "v", 3))!.Data!["data"]!["n"]!.GetValue<string>());
    }

    [Fact]
    public async Task MaxVersions_Key_OverridesTheMount()
    {
        var kv = KvHarness.V2();
        await kv.WriteAsync("config", """{"max_versions":5}""");
        await kv.WriteAsync("metadata/v", """{"max_versions":2}""");
        for (var i = 1; i <= 4; i++)
        {
            await kv.PutSecretAsync("v", $$"""{"n":"{{i}}"}""");
        }

        Assert.Equal(["3", "4"], (await kv.MetadataAsync("v"))["versions"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task MaxVersions_Lowered_PrunesEveryExcessVersionOnTheNextWrite()
    {
        var kv = await WithVersionsAsync(6);
        await kv.WriteAsync("metadata/v", """{"max_versions":2}""");
        Assert.Equal(6, (await kv.MetadataAsync("v"))["versions"]!.AsObject().Count);

        await kv.PutSecretAsync("v", """{"n":"7"}""");

        var metadata = await kv.MetadataAsync("v");
        Assert.Equal(["6", "7"], metadata["versions"]!.AsObject().Select(p => p.Key));
        Assert.Equal(6, metadata["oldest_version"]!.GetValue<long>());
        Assert.Single(kv.Storage.Commits[^1], o => o.Value is null && o.Key.Contains("/versions/", StringComparison.Ordinal) && o.Key.EndsWith("/1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeleteVersionAfter_Mount_SchedulesDeletionAndReadsStopAfterIt()
    {
        var kv = KvHarness.V2();
        await kv.WriteAsync("config", """{"delete_version_after":"1h"}""");

        var written = await kv.PutSecretAsync("v", """{"n":"1"}""");

        Assert.Equal("2018-03-22T03:24:06.9453192Z", written!.Data!["deletion_time"]!.GetValue<string>());
        kv.Time.Advance(TimeSpan.FromMinutes(59));
        Assert.NotNull((await kv.ReadAsync("data/v"))!.Data!["data"]);
        kv.Time.Advance(TimeSpan.FromMinutes(1));
        RawNotFound.Body(await kv.ReadAsync("data/v"));
    }

    [Theory]
    [InlineData("2h", "30m", "2018-03-22T02:54:06.9453192Z")]
    [InlineData("30m", "2h", "2018-03-22T02:54:06.9453192Z")]
    [InlineData("0s", "45s", "2018-03-22T02:24:51.9453192Z")]
    [InlineData("45s", "0s", "2018-03-22T02:24:51.9453192Z")]
    [InlineData("-1s", "45s", "")]
    public async Task DeleteVersionAfter_MountAndKey_TheShorterWinsUnlessTheMountTurnsItOff(string mount, string key, string expected)
    {
        var kv = KvHarness.V2();
        await kv.WriteAsync("config", $$"""{"delete_version_after":"{{mount}}"}""");
        await kv.WriteAsync("metadata/v", $$"""{"delete_version_after":"{{key}}"}""");

        var written = await kv.PutSecretAsync("v", """{"n":"1"}""");

        Assert.Equal(expected, written!.Data!["deletion_time"]!.GetValue<string>());
    }

    [Fact]
    public async Task Undelete_WithDeleteVersionAfter_SchedulesANewDeletionFromNow()
    {
        var kv = KvHarness.V2();
        await kv.WriteAsync("metadata/v", """{"delete_version_after":"10m"}""");
        await kv.PutSecretAsync("v", """{"n":"1"}""");
        kv.Time.Advance(TimeSpan.FromHours(1));
        RawNotFound.Body(await kv.ReadAsync("data/v"));

        await kv.WriteAsync("undelete/v", """{"versions":[1]}""");

        Assert.Equal("2018-03-22T03:34:06.9453192Z", (await VersionStateAsync(kv, "v", 1))["deletion_time"]!.GetValue<string>());
        Assert.NotNull((await kv.ReadAsync("data/v"))!.Data!["data"]);
    }

    [Fact]
    public async Task Delete_LatestWithScheduledDeletion_DeletesItNow()
    {
        var kv = KvHarness.V2();
        await kv.WriteAsync("config", """{"delete_version_after":"1h"}""");
        await kv.PutSecretAsync("v", """{"n":"1"}""");
        kv.Time.Advance(TimeSpan.FromMinutes(5));

        await kv.DeleteAsync("data/v");

        Assert.Equal("2018-03-22T02:29:06.9453192Z", (await VersionStateAsync(kv, "v", 1))["deletion_time"]!.GetValue<string>());
        RawNotFound.Body(await kv.ReadAsync("data/v"));
    }
}
