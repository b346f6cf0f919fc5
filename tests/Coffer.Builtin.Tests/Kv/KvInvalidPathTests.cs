using Coffer.Sdk.Logical;

namespace Coffer.Builtin.Tests.Kv;

public sealed class KvInvalidPathTests
{
    [Theory]
    [InlineData(Operation.Read, "get")]
    [InlineData(Operation.Update, "put")]
    [InlineData(Operation.Patch, "patch")]
    [InlineData(Operation.Delete, "delete")]
    [InlineData(Operation.List, "list")]
    public async Task Request_PathOutsideTheApi_Is404WithAWarningNamingTheKvCommand(Operation operation, string command)
    {
        var kv = KvHarness.V2();

        var response = await kv.SendAsync(operation, "my-secret", KvHarness.Json("""{"foo":"bar"}"""));

        var body = RawNotFound.Body(response);
        var expected = "Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use. " +
            $"If using the Vault CLI, use 'vault kv {command}' for this operation.";
        Assert.Equal([expected], body["warnings"]!.AsArray().Select(w => w!.GetValue<string>()));
        Assert.Null(body["data"]);
        Assert.Empty(kv.Storage.Commits);
    }

    [Theory]
    [InlineData("data")]
    [InlineData("metadata")]
    [InlineData("destroy")]
    public async Task Read_RootOfAnApiPrefix_SaysOnlyListingIsSupported(string root)
    {
        var kv = KvHarness.V2();

        var body = RawNotFound.Body(await kv.ReadAsync(root));

        Assert.Equal("Non-listing operations on the root of a K/V v2 mount are not supported.", body["warnings"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task List_DataFolder_IsNotAListablePath()
    {
        var kv = KvHarness.V2();
        await kv.PutSecretAsync("folder/a", """{"x":"1"}""");

        var body = RawNotFound.Body(await kv.ListAsync("data/folder/"));

        Assert.Contains("'vault kv list'", body["warnings"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
