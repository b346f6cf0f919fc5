using System.Text.Json.Nodes;
using Coffer.Sdk.Logical;

namespace Coffer.Builtin.Tests.Kv;

/// <summary>
/// One test per endpoint: the response's <c>data</c> has the shape of the example in Vault's KV API
/// documentation (the examples are restated here with other values; only their shape matters).
/// </summary>
public sealed class KvContractTests
{
    private static async Task<KvHarness> DocumentedSecretAsync()
    {
        var kv = KvHarness.V2();
        await kv.WriteAsync("metadata/my-secret", """{"custom_metadata":{"team":"payments","tier":"1"}}""");
        await kv.PutSecretAsync("my-secret", """{"foo":"first"}""");
        kv.Time.Advance(TimeSpan.FromSeconds(10));
        await kv.PutSecretAsync("my-secret", """{"foo":"second"}""");
        kv.Time.Advance(TimeSpan.FromSeconds(10));
        await kv.PutSecretAsync("my-secret", """{"foo":"third"}""");
        return kv;
    }

    [Fact]
    public async Task ConfigRead_Response_HasTheDocumentedShape()
    {
        var kv = KvHarness.V2();
        await kv.WriteAsync("config", """{"max_versions":4,"delete_version_after":"2h"}""");

        var response = await kv.ReadAsync("config");

        JsonShape.AssertMatches("""{"cas_required":true,"delete_version_after":"1h0m0s","max_versions":7}""", response!.Data);
    }

    [Fact]
    public async Task DataRead_Response_HasTheDocumentedShape()
    {
        var kv = await DocumentedSecretAsync();

        var response = await kv.ReadAsync("data/my-secret", new JsonObject { ["version"] = "2" });

        JsonShape.AssertMatches(
            """
            {"data":{"foo":"x"},
             "metadata":{"created_time":"2020-01-01T00:00:00.1Z","custom_metadata":{"team":"a","tier":"b"},"deletion_time":"","destroyed":true,"version":9}}
            """,
            response!.Data);
    }

    [Fact]
    public async Task DataWrite_Response_HasTheDocumentedShape()
    {
        var kv = KvHarness.V2();
        await kv.WriteAsync("metadata/my-secret", """{"custom_metadata":{"team":"payments","tier":"1"}}""");

        var response = await kv.WriteAsync("data/my-secret", """{"options":{"cas":0},"data":{"foo":"bar","zip":"zap"}}""");

        JsonShape.AssertMatches(
            """{"created_time":"2020-01-01T00:00:00Z","custom_metadata":{"team":"a","tier":"b"},"deletion_time":"","destroyed":true,"version":9}""",
            response!.Data);
    }

    [Fact]
    public async Task DataPatch_Response_HasTheDocumentedShape()
    {
        var kv = await DocumentedSecretAsync();

        var response = await kv.PatchAsync("data/my-secret", """{"options":{"cas":3},"data":{"foo":"a","bar":{"baz":"b"}}}""");

        JsonShape.AssertMatches(
            """{"created_time":"2020-01-01T00:00:00Z","custom_metadata":{"team":"a","tier":"b"},"deletion_time":"","destroyed":true,"version":9}""",
            response!.Data);
    }

    [Fact]
    public async Task SubkeysRead_Response_HasTheDocumentedShape()
    {
        var kv = KvHarness.V2();
        await kv.PutSecretAsync("my-secret", """{"foo":"abc","bar":{"baz":"def"},"quux":{}}""");

        var response = await kv.ReadAsync("subkeys/my-secret", new JsonObject { ["version"] = "1" });

        JsonShape.AssertMatches(
            """
            {"subkeys":{"foo":null,"bar":{"baz":null},"quux":null},
             "metadata":{"created_time":"2020-01-01T00:00:00Z","custom_metadata":null,"deletion_time":"","destroyed":true,"version":9}}
            """,
            response!.Data);
    }

    [Fact]
    public async Task MetadataList_Response_HasTheDocumentedShape()
    {
        var kv = KvHarness.V2();
        await kv.PutSecretAsync("foo", """{"a":"1"}""");
        await kv.PutSecretAsync("foo/bar", """{"a":"1"}""");

        var response = await kv.ListAsync("metadata/");

        Assert.Equal("""{"keys":["foo","foo/"]}""", response!.Data!.ToJsonString());
    }

    [Fact]
    public async Task MetadataRead_Response_HasTheDocumentedShape()
    {
        var kv = await DocumentedSecretAsync();
        await kv.WriteAsync("metadata/my-secret", """{"delete_version_after":"3h25m19s","custom_metadata":{"foo":"abc","bar":"123","baz":"x"}}""");

        var response = await kv.ReadAsync("metadata/my-secret");

        JsonShape.AssertMatches(
            """
            {"cas_required":true,"created_time":"2020-01-01T00:00:00Z","current_version":9,"delete_version_after":"1s",
             "max_versions":9,"oldest_version":9,"updated_time":"2020-01-01T00:00:00Z",
             "custom_metadata":{"foo":"a","bar":"b","baz":"c"},
             "versions":{
               "1":{"created_time":"2020-01-01T00:00:00Z","deletion_time":"","destroyed":true},
               "2":{"created_time":"2020-01-01T00:00:00Z","deletion_time":"","destroyed":true},
               "3":{"created_time":"2020-01-01T00:00:00Z","deletion_time":"","destroyed":true}}}
            """,
            response!.Data);
    }

    [Theory]
    [InlineData(Operation.Update, "config", """{"max_versions":5,"cas_required":false,"delete_version_after":"3h25m19s"}""")]
    [InlineData(Operation.Update, "metadata/my-secret", """{"max_versions":5,"cas_required":false,"delete_version_after":"3h25m19s","custom_metadata":{"a":"b"}}""")]
    [InlineData(Operation.Patch, "metadata/my-secret", """{"max_versions":5,"custom_metadata":{"bar":"123"}}""")]
    [InlineData(Operation.Update, "delete/my-secret", """{"versions":[1,2]}""")]
    [InlineData(Operation.Update, "undelete/my-secret", """{"versions":[1,2]}""")]
    [InlineData(Operation.Update, "destroy/my-secret", """{"versions":[1,2]}""")]
    [InlineData(Operation.Delete, "data/my-secret", null)]
    [InlineData(Operation.Delete, "metadata/my-secret", null)]
    public async Task NoContentEndpoint_Success_AnswersNothing(Operation operation, string path, string? body)
    {
        var kv = await DocumentedSecretAsync();

        var response = await kv.SendAsync(operation, path, body is null ? null : KvHarness.Json(body));

        Assert.Null(response);
    }

    [Fact]
    public async Task DataRead_DeletedVersion_Is404WithAWholeEnvelope()
    {
        var kv = await DocumentedSecretAsync();
        await kv.DeleteAsync("data/my-secret");

        var body = RawNotFound.Body(await kv.ReadAsync("data/my-secret"));

        JsonShape.AssertMatches(
            """
            {"request_id":"r","lease_id":"","renewable":true,"lease_duration":0,
             "data":{"data":null,"metadata":{"created_time":"2020-01-01T00:00:00Z","custom_metadata":{"team":"a","tier":"b"},"deletion_time":"2020-01-01T00:00:00Z","destroyed":true,"version":9}},
             "wrap_info":null,"warnings":null,"auth":null,"mount_type":""}
            """,
            body);
        Assert.Equal(string.Empty, body["lease_id"]!.GetValue<string>());
        Assert.False(body["renewable"]!.GetValue<bool>());
    }

    [Fact]
    public async Task V1Read_Response_HasTheDocumentedShape()
    {
        var kv = KvHarness.V1();
        await kv.WriteAsync("my-secret", """{"foo":"bar","ttl":"1h"}""");

        var response = await kv.ReadAsync("my-secret");

        JsonShape.AssertMatches("""{"foo":"x","ttl":"y"}""", response!.Data);
        Assert.Equal(3600, response.LeaseDuration);
    }

    [Fact]
    public async Task V1List_Response_HasTheDocumentedShape()
    {
        var kv = KvHarness.V1();
        await kv.WriteAsync("my-secret", """{"a":"1"}""");
        await kv.WriteAsync("my-secret/child", """{"a":"1"}""");

        var response = await kv.ListAsync("");

        Assert.Equal("""{"keys":["my-secret","my-secret/"]}""", response!.Data!.ToJsonString());
    }
}
