using System.Text.Json.Nodes;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Logical;

namespace Coffer.Builtin.Tests.Kv;

public sealed class KvV1Tests
{
    [Fact]
    public async Task Write_NewPath_IsCreateAndReadReturnsTheFields()
    {
        var kv = KvHarness.V1();

        Assert.Null(await kv.WriteAsync("app/db", """{"user":"admin","port":5432}"""));

        Assert.Equal(Operation.Create, kv.LastOperation);
        var read = await kv.ReadAsync("app/db");
        Assert.Equal("""{"port":5432,"user":"admin"}""", read!.Data!.ToJsonString());
    }

    [Fact]
    public async Task Write_ExistingPath_IsUpdateAndReplacesTheWholeSecret()
    {
        var kv = KvHarness.V1();
        await kv.WriteAsync("app", """{"a":"1","b":"2"}""");

        await kv.WriteAsync("app", """{"c":"3"}""");

        Assert.Equal(Operation.Update, kv.LastOperation);
        Assert.Equal("""{"c":"3"}""", (await kv.ReadAsync("app"))!.Data!.ToJsonString());
    }

    [Fact]
    public async Task Write_NoFields_IsRefused()
    {
        var kv = KvHarness.V1();

        var error = await KvHarness.FailsAsync(() => kv.WriteAsync("app", "{}"));

        Assert.Equal(ErrorKind.InvalidRequest, error.Kind);
        Assert.Equal(["missing data fields"], error.Errors);
    }

    [Fact]
    public async Task Write_MountRoot_IsRefusedForMissingPath()
    {
        var kv = KvHarness.V1();

        var error = await KvHarness.FailsAsync(() => kv.WriteAsync(string.Empty, """{"a":"b"}"""));

        Assert.Equal(["missing path"], error.Errors);
    }

    [Fact]
    public async Task Write_FieldNamedPath_IsStoredAsData()
    {
        var kv = KvHarness.V1();

        await kv.WriteAsync("where", """{"path":{"nested":true}}""");

        Assert.Equal("""{"path":{"nested":true}}""", (await kv.ReadAsync("where"))!.Data!.ToJsonString());
    }

    [Fact]
    public async Task Read_Anything_ListsKeysInOrdinalOrderAtEveryLevel()
    {
        var kv = KvHarness.V1();

        await kv.WriteAsync("sorted", """{"b":[{"z":1,"y":2}],"a":{"d":1,"c":2}}""");

        Assert.Equal("""{"a":{"c":2,"d":1},"b":[{"y":2,"z":1}]}""", (await kv.ReadAsync("sorted"))!.Data!.ToJsonString());
    }

    [Fact]
    public async Task Read_MissingPath_ReturnsNothing()
    {
        var kv = KvHarness.V1();

        Assert.Null(await kv.ReadAsync("nope"));
    }

    [Theory]
    [InlineData("""{"ttl":"1h"}""", 3600)]
    [InlineData("""{"ttl":90}""", 90)]
    [InlineData("""{"lease":"30m"}""", 1800)]
    [InlineData("""{"ttl":"soon"}""", 2764800)]
    [InlineData("""{"other":"x"}""", 2764800)]
    public async Task Read_TtlField_SetsTheLeaseDuration(string secret, long expectedSeconds)
    {
        var kv = KvHarness.V1();
        await kv.WriteAsync("leased", secret);

        var read = await kv.ReadAsync("leased");

        Assert.Equal(expectedSeconds, read!.LeaseDuration);
        Assert.False(read.Renewable);
        Assert.Equal(string.Empty, read.LeaseId);
    }

    [Fact]
    public async Task Delete_ExistingPath_RemovesTheSecret()
    {
        var kv = KvHarness.V1();
        await kv.WriteAsync("gone", """{"a":"b"}""");

        Assert.Null(await kv.DeleteAsync("gone"));

        Assert.Null(await kv.ReadAsync("gone"));
        Assert.Null(await kv.DeleteAsync("gone"));
    }

    [Theory]
    [InlineData("", new[] { "foo", "foo/" })]
    [InlineData("foo/", new[] { "bar", "baz/" })]
    [InlineData("foo", new[] { "bar", "baz/" })]
    [InlineData("empty/", new string[0])]
    public async Task List_Folder_ReturnsChildrenWithFoldersEndingInSlash(string folder, string[] expected)
    {
        var kv = KvHarness.V1();
        await kv.WriteAsync("foo", """{"a":"1"}""");
        await kv.WriteAsync("foo/bar", """{"a":"1"}""");
        await kv.WriteAsync("foo/baz/qux", """{"a":"1"}""");

        var list = await kv.ListAsync(folder);

        Assert.Equal(expected, list!.Data!["keys"]!.AsArray().Select(k => k!.GetValue<string>()));
    }

    [Fact]
    public async Task Write_Secret_IsStoredAtItsPathInTheMountStorage()
    {
        var kv = KvHarness.V1();

        await kv.WriteAsync("team/token", """{"value":"s3cr3t"}""");

        var entry = await kv.Mount.GetAsync("team/token", TestContext.Current.CancellationToken);
        Assert.NotNull(entry);
        Assert.Equal("""{"value":"s3cr3t"}""", JsonNode.Parse(entry.Value)!.ToJsonString());
    }
}
