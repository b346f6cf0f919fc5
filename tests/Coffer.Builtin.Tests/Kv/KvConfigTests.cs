using Coffer.Sdk.Errors;

namespace Coffer.Builtin.Tests.Kv;

public sealed class KvConfigTests
{
    [Fact]
    public async Task Read_NeverWritten_ReturnsTheDefaults()
    {
        var kv = KvHarness.V2();

        var config = await kv.ReadAsync("config");

        Assert.Equal("""{"cas_required":false,"delete_version_after":"0s","max_versions":0}""", config!.Data!.ToJsonString());
    }

    [Fact]
    public async Task Write_AllSettings_ReadBack()
    {
        var kv = KvHarness.V2();

        Assert.Null(await kv.WriteAsync("config", """{"max_versions":5,"cas_required":true,"delete_version_after":"3h25m19s"}"""));

        Assert.Equal("""{"cas_required":true,"delete_version_after":"3h25m19s","max_versions":5}""", (await kv.ReadAsync("config"))!.Data!.ToJsonString());
    }

    [Fact]
    public async Task Write_OneSetting_KeepsTheOthers()
    {
        var kv = KvHarness.V2();
        await kv.WriteAsync("config", """{"max_versions":5,"cas_required":true}""");

        await kv.WriteAsync("config", """{"delete_version_after":3600}""");

        Assert.Equal("""{"cas_required":true,"delete_version_after":"1h0m0s","max_versions":5}""", (await kv.ReadAsync("config"))!.Data!.ToJsonString());
    }

    [Theory]
    [InlineData("\"-5m\"", "-1s")]
    [InlineData("0", "0s")]
    [InlineData("\"90s\"", "1m30s")]
    public async Task Write_DeleteVersionAfter_NegativeTurnsItOffAndZeroClearsIt(string value, string expected)
    {
        var kv = KvHarness.V2();
        await kv.WriteAsync("config", """{"delete_version_after":"1h"}""");

        await kv.WriteAsync("config", $$"""{"delete_version_after":{{value}}}""");

        Assert.Equal(expected, (await kv.ReadAsync("config"))!.Data!["delete_version_after"]!.GetValue<string>());
    }

    [Fact]
    public async Task Write_AfterDataWrites_TheNextDataWriteFollowsTheNewSettings()
    {
        var kv = KvHarness.V2();
        await kv.WriteAsync("data/app", """{"data":{"v":"1"}}""");

        await kv.WriteAsync("config", """{"cas_required":true}""");

        var error = await KvHarness.FailsAsync(() => kv.WriteAsync("data/app", """{"data":{"v":"2"}}"""));
        Assert.Equal(ErrorKind.InvalidRequest, error.Kind);
        Assert.NotNull(await kv.WriteAsync("data/app", """{"data":{"v":"2"},"options":{"cas":1}}"""));
    }

    [Fact]
    public async Task Write_NoSettings_StoresNothing()
    {
        var kv = KvHarness.V2();

        Assert.Null(await kv.WriteAsync("config", "{}"));

        Assert.Empty(kv.Storage.Commits);
    }

    [Theory]
    [InlineData("""{"max_versions":"ten"}""", "\"max_versions\"")]
    [InlineData("""{"max_versions":-2}""", "\"max_versions\"")]
    [InlineData("""{"cas_required":"maybe"}""", "\"cas_required\"")]
    [InlineData("""{"delete_version_after":"later"}""", "\"delete_version_after\"")]
    [InlineData("""{"versions":3}""", "\"versions\"")]
    public async Task Write_BadField_IsRefusedNamingIt(string body, string field)
    {
        var kv = KvHarness.V2();

        var error = await KvHarness.FailsAsync(() => kv.WriteAsync("config", body));

        Assert.Equal(ErrorKind.InvalidRequest, error.Kind);
        Assert.Contains(field, error.Errors[0], StringComparison.Ordinal);
    }
}
