using Coffer.Sdk.Logical;

namespace Coffer.Builtin.Tests.Kv;

/// <summary>
/// A KV v2 write reads the key's metadata once: the handler reuses what the existence check read, unless another
/// write may have changed it in between, in which case it reads it again rather than lose that write's version.
/// </summary>
public sealed class KvWriteReadsTests
{
    private const string MetadataKey = "logical/8a9c0d2e-mount/versioned/metadata/k";

    [Theory]
    [InlineData(false, Operation.Create, 1)]
    [InlineData(true, Operation.Update, 2)]
    public async Task Write_ReadsTheKeysMetadataOnce(bool keyExists, Operation operation, long version)
    {
        var kv = KvHarness.V2();
        if (keyExists)
        {
            await kv.PutSecretAsync("k", """{"a":"1"}""");
            kv.Storage.Reset();
        }

        var response = await kv.PutSecretAsync("k", """{"a":"2"}""");

        Assert.Equal(operation, kv.LastOperation);
        Assert.Equal(version, response!.Data!["version"]!.GetValue<long>());
        Assert.Single(kv.Storage.Gets, MetadataKey);
    }

    [Fact]
    public async Task Write_AfterAnotherWriteLandedSinceItsExistenceCheck_ReadsTheMetadataAgain()
    {
        var kv = KvHarness.V2();
        await kv.PutSecretAsync("k", """{"a":"1"}""");
        var late = await kv.CheckedAsync(Operation.Update, "data/k", KvHarness.Json("""{"data":{"a":"late"}}"""));

        await kv.PutSecretAsync("k", """{"a":"2"}""");
        var response = await kv.HandleAsync(late);

        Assert.Equal(3, response!.Data!["version"]!.GetValue<long>());
        var metadata = await kv.MetadataAsync("k");
        Assert.Equal(3, metadata["current_version"]!.GetValue<long>());
        Assert.Equal(3, metadata["versions"]!.AsObject().Count);
        Assert.Equal("2", (await kv.ReadAsync("data/k", KvHarness.Json("""{"version":2}""")))!.Data!["data"]!["a"]!.GetValue<string>());
    }

    [Fact]
    public async Task Write_OfANewKeyCreatedSinceItsExistenceCheck_AddsTheSecondVersion()
    {
        var kv = KvHarness.V2();
        var late = await kv.CheckedAsync(Operation.Update, "data/k", KvHarness.Json("""{"data":{"a":"late"}}"""));
        Assert.Equal(Operation.Create, late.Operation);

        await kv.PutSecretAsync("k", """{"a":"1"}""");
        var response = await kv.HandleAsync(late);

        Assert.Equal(2, response!.Data!["version"]!.GetValue<long>());
        Assert.Equal(2, (await kv.MetadataAsync("k"))["versions"]!.AsObject().Count);
    }
}
