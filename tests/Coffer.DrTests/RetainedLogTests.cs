using System.Net.Http;
using System.Text.Json.Nodes;
using Coffer.Testing;

namespace Coffer.DrTests;

/// <summary>
/// A secondary that was offline while the primary wrote past its retained log (the <c>replication</c> stanza's
/// <c>logshipper_buffer_length</c>) is re-indexed when it comes back, then streams again.
/// </summary>
[Trait("Category", "Process")]
public sealed class RetainedLogTests : IAsyncLifetime
{
    private const int RetainedEntries = 20;

    private DrNodePair? _pair;

    private DrNode Primary => _pair!.First;

    private DrNode Secondary => _pair!.Second;

    public async ValueTask InitializeAsync() =>
        _pair = await DrNodePair.StartAsync("primary", (1, 1), "secondary", (1, 1), $"replication {{\n  logshipper_buffer_length = {RetainedEntries}\n}}");

    public async ValueTask DisposeAsync()
    {
        if (_pair is not null)
        {
            await _pair.DisposeAsync();
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task SecondaryOfflinePastTheRetainedLog_IsReindexedThenStreams()
    {
        var ct = TestContext.Current.CancellationToken;
        await Primary.SendAsync(HttpMethod.Post, "sys/mounts/kv", new JsonObject { ["type"] = "kv" });
        await Primary.SendAsync(HttpMethod.Post, "sys/replication/dr/primary/enable", []);
        var activation = (string)(await Primary.SendAsync(HttpMethod.Post, "sys/replication/dr/primary/secondary-token", new JsonObject { ["id"] = "dr-b" }))["wrap_info"]!["token"]!;
        await Secondary.SendAsync(HttpMethod.Post, "sys/replication/dr/secondary/enable", new JsonObject { ["token"] = activation, ["primary_api_addr"] = Primary.Address });
        var first = await WaitForCatchUpAsync();
        var firstCopy = long.Parse((string)first["last_reindex_epoch"]!, System.Globalization.CultureInfo.InvariantCulture);

        // Offline while the primary writes three times what it keeps, across a second boundary.
        await Secondary.KillAsync();
        for (var i = 0; i < 3 * RetainedEntries; i++)
        {
            await Primary.SendAsync(HttpMethod.Post, $"kv/k{i}", new JsonObject { ["n"] = i });
        }

        var primary = await Primary.DrStatusAsync();
        Assert.True((long)primary["first_retained_wal"]! > (long)first["last_remote_wal"]! + 1, primary.ToJsonString());
        await Task.Delay(TimeSpan.FromSeconds(1.1), ct);
        await Secondary.StartProcessAsync();

        var caughtUp = await WaitForCatchUpAsync();
        Assert.True(long.Parse((string)caughtUp["last_reindex_epoch"]!, System.Globalization.CultureInfo.InvariantCulture) > firstCopy,
            $"no new copy: {caughtUp.ToJsonString()}");

        // Streaming resumes after the copy: a later write arrives without another one.
        var epoch = (string?)caughtUp["last_reindex_epoch"];
        await Primary.SendAsync(HttpMethod.Post, "kv/after", new JsonObject { ["n"] = 1 });
        var streamed = await WaitForCatchUpAsync();
        Assert.Equal(epoch, (string?)streamed["last_reindex_epoch"]);
    }

    private async Task<JsonObject> WaitForCatchUpAsync()
    {
        var target = (long)(await Primary.DrStatusAsync())["last_wal"]!;
        return await Eventually.ValueAsync(
            Secondary.DrStatusAsync,
            s => (string?)s["state"] == "stream-wals" && (long)s["last_remote_wal"]! >= target && (string?)s["last_reindex_epoch"] != "0",
            TimeSpan.FromSeconds(30), $"the secondary at index {target}");
    }
}
