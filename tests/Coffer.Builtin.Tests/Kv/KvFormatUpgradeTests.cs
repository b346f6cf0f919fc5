using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Builtin.Secrets.Kv;
using Coffer.Sdk.Logical;

namespace Coffer.Builtin.Tests.Kv;

/// <summary>
/// A mount whose records were written by a build before the compact format (format 1) reads the same through the
/// API, and its next write stores the key in the current format.
/// </summary>
public sealed class KvFormatUpgradeTests
{
    [Fact]
    public async Task FormatOneRecords_ReadTheSame_AndTheNextWriteStoresTheCurrentFormat()
    {
        var kv = KvHarness.V2();
        await kv.SendAsync(Operation.Update, "data/app", KvHarness.Json("""{"data":{"v":"1"}}"""));
        kv.Time.Advance(TimeSpan.FromSeconds(3));
        await kv.SendAsync(Operation.Update, "data/app", KvHarness.Json("""{"data":{"v":"2"}}"""));
        await kv.SendAsync(Operation.Update, "delete/app", KvHarness.Json("""{"versions":[1]}"""));
        var metadataBefore = (await kv.SendAsync(Operation.Read, "metadata/app"))!.Data!.ToJsonString();
        var dataBefore = (await kv.SendAsync(Operation.Read, "data/app"))!.Data!.ToJsonString();

        await RewriteAsFormatOneAsync(kv, "app", versions: [2]);

        Assert.Equal(metadataBefore, (await kv.SendAsync(Operation.Read, "metadata/app"))!.Data!.ToJsonString());
        Assert.Equal(dataBefore, (await kv.SendAsync(Operation.Read, "data/app"))!.Data!.ToJsonString());
        Assert.Equal(1, (await StoredAsync(kv, KvStorageLayout.Metadata("app")))["format"]!.GetValue<int>());

        await kv.SendAsync(Operation.Update, "data/app", KvHarness.Json("""{"data":{"v":"3"}}"""));

        var stored = await StoredAsync(kv, KvStorageLayout.Metadata("app"));
        Assert.Equal(3, stored["format"]!.GetValue<int>());
        Assert.Equal(JsonValueKind.Array, stored["versions"]!.GetValueKind());
        var versions = (await kv.SendAsync(Operation.Read, "metadata/app"))!.Data!["versions"]!.AsObject();
        Assert.Equal(["1", "2", "3"], versions.Select(v => v.Key).Order());
        Assert.NotEqual(string.Empty, versions["1"]!["deletion_time"]!.GetValue<string>());
    }

    /// <summary>Stores the key's metadata and the given versions' data as the build before format 2 wrote them.</summary>
    private static async Task RewriteAsFormatOneAsync(KvHarness kv, string key, long[] versions)
    {
        var ct = TestContext.Current.CancellationToken;
        var metadata = JsonSerializer.Deserialize((await kv.Mount.GetAsync(KvStorageLayout.Metadata(key), ct))!.Value, KvJsonContext.Default.KvKeyMetadata)!;
        var formatOne = new JsonObject
        {
            ["format"] = 1,
            ["key"] = metadata.Key,
            ["current_version"] = metadata.CurrentVersion,
            ["oldest_version"] = metadata.OldestVersion,
            ["max_versions"] = metadata.MaxVersions,
            ["cas_required"] = metadata.CasRequired,
            ["delete_version_after_seconds"] = metadata.DeleteVersionAfterSeconds,
            ["created_time"] = metadata.CreatedTime,
            ["updated_time"] = metadata.UpdatedTime,
            ["versions"] = new JsonObject(metadata.Versions.Select(v => KeyValuePair.Create<string, JsonNode?>(v.Key.ToString(), new JsonObject
            {
                ["created_time"] = v.Value.CreatedTime,
                ["deletion_time"] = v.Value.DeletionTime,
                ["destroyed"] = v.Value.Destroyed,
            }))),
        };
        await kv.Mount.PutAsync(new StorageEntry(KvStorageLayout.Metadata(key), Encoding.UTF8.GetBytes(formatOne.ToJsonString())), ct);

        foreach (var version in versions)
        {
            var path = KvStorageLayout.Version(key, version);
            var record = JsonSerializer.Deserialize((await kv.Mount.GetAsync(path, ct))!.Value, KvJsonContext.Default.KvVersionRecord)!;
            var recordOne = new JsonObject { ["format"] = 1, ["created_time"] = record.CreatedTime, ["data"] = record.Data.DeepClone() };
            await kv.Mount.PutAsync(new StorageEntry(path, Encoding.UTF8.GetBytes(recordOne.ToJsonString())), ct);
        }
    }

    private static async Task<JsonObject> StoredAsync(KvHarness kv, string path) =>
        JsonNode.Parse((await kv.Mount.GetAsync(path, TestContext.Current.CancellationToken))!.Value)!.AsObject();
}
