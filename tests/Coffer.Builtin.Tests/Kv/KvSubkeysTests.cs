using System.Text.Json.Nodes;
using Coffer.Sdk.Errors;

namespace Coffer.Builtin.Tests.Kv;

public sealed class KvSubkeysTests
{
    private const string Secret = """{"foo":"abc","bar":{"baz":"def","deeper":{"x":[1,2]}},"quux":{}}""";

    [Fact]
    public async Task Read_Latest_ReplacesEveryValueAndEmptyObjectWithNull()
    {
        var kv = KvHarness.V2();
        await kv.PutSecretAsync("s", Secret);

        var read = await kv.ReadAsync("subkeys/s");

        Assert.Equal("""{"bar":{"baz":null,"deeper":{"x":null}},"foo":null,"quux":null}""", read!.Data!["subkeys"]!.ToJsonString());
        Assert.Equal(1, read.Data["metadata"]!["version"]!.GetValue<long>());
    }

    [Theory]
    [InlineData(1L, """{"bar":null,"foo":null,"quux":null}""")]
    [InlineData(2L, """{"bar":{"baz":null,"deeper":null},"foo":null,"quux":null}""")]
    public async Task Read_Depth_StopsAtThatLevel(long depth, string expected)
    {
        var kv = KvHarness.V2();
        await kv.PutSecretAsync("s", Secret);

        var read = await kv.ReadAsync("subkeys/s", new JsonObject { ["depth"] = depth });

        Assert.Equal(expected, read!.Data!["subkeys"]!.ToJsonString());
    }

    [Fact]
    public async Task Read_OlderVersion_DescribesThatVersion()
    {
        var kv = KvHarness.V2();
        await kv.PutSecretAsync("s", """{"old":"1"}""");
        await kv.PutSecretAsync("s", """{"new":"2"}""");

        var read = await kv.ReadAsync("subkeys/s", new JsonObject { ["version"] = "1" });

        Assert.Equal("""{"old":null}""", read!.Data!["subkeys"]!.ToJsonString());
    }

    [Fact]
    public async Task Read_DeletedVersion_Is404WithMetadataAndNoSubkeys()
    {
        var kv = KvHarness.V2();
        await kv.PutSecretAsync("s", Secret);
        await kv.DeleteAsync("data/s");

        var body = RawNotFound.Body(await kv.ReadAsync("subkeys/s"));

        Assert.Null(body["data"]!["subkeys"]);
        Assert.Equal(1, body["data"]!["metadata"]!["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Read_UnknownKey_ReturnsNothing()
    {
        var kv = KvHarness.V2();

        Assert.Null(await kv.ReadAsync("subkeys/none"));
    }

    [Fact]
    public async Task Read_NegativeDepth_IsRefused()
    {
        var kv = KvHarness.V2();

        var error = await KvHarness.FailsAsync(() => kv.ReadAsync("subkeys/s", new JsonObject { ["depth"] = "-1" }));

        Assert.Equal(ErrorKind.InvalidRequest, error.Kind);
    }
}
