using System.Text.Json.Nodes;
using Coffer.Core.Json;
using Coffer.Core.Replication;
using Coffer.Core.Seal;
using Coffer.Core.Storage;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Tests.Replication;

/// <summary>
/// Autopilot settings belong to the cluster whose Raft servers autopilot watches: a DR secondary changes its own with
/// a DR operation token (during an outage, before promotion), and they are kept outside the replicated data.
/// </summary>
public sealed class ClusterLocalAutopilotSettingsTests : IAsyncDisposable
{
    private const string AutopilotPath = "sys/storage/raft/autopilot/configuration";

    private readonly DrNodeHarness _node = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _node.DisposeAsync();

    private async Task<string> InitAndUnsealAsync()
    {
        var init = await _node.Core.InitializeAsync(new SealConfig(1, 1), null, Ct);
        await _node.Core.SubmitUnsealKeyAsync(Convert.ToBase64String(init.KeyShares[0]), Ct);
        return init.RootToken;
    }

    private Task<LogicalResponse?> WriteAsync(string path, JsonObject data, string token = "") =>
        _node.Core.HandleRequestAsync(new LogicalRequest(Operation.Update, path, data) { ClientToken = token }, Ct);

    [Fact]
    public async Task OnADrSecondary_ADrOperationTokenChangesTheClustersOwnSettings()
    {
        var root = await InitAndUnsealAsync();
        await WriteAsync("sys/policies/acl/dr", new JsonObject { ["policy"] = $"path \"{AutopilotPath}\" {{ capabilities = [\"update\"] }}" }, root);
        var created = await WriteAsync("auth/token/create-orphan", new JsonObject { ["policies"] = "dr", ["type"] = "batch", ["ttl"] = "1h" }, root);
        var drToken = created!.Auth!.ClientToken;
        await _node.ApplyModeRecordAsync(new DrStateRecord { Mode = DrMode.Secondary, Demoted = true, ClusterId = "set-1" }, Ct);
        await _node.Core.Replication.RefreshModeAsync(Ct);
        Assert.True(_node.Core.Replication.IsSecondary);

        var response = await WriteAsync(AutopilotPath, new JsonObject { ["dr_operation_token"] = drToken, ["cleanup_dead_servers"] = true, ["min_quorum"] = 3 });

        Assert.Null(response);
        Assert.True(_node.Raft.AutopilotSettings.CleanupDeadServers);
        Assert.Equal(3, _node.Raft.AutopilotSettings.MinQuorum);
        Assert.True((await _node.Core.LoadAutopilotSettingsAsync(Ct)).CleanupDeadServers);
        Assert.StartsWith("replication/", CorePaths.AutopilotSettings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SettingsStoredWhereTheyUsedToBe_AreStillRead_UntilChanged()
    {
        await InitAndUnsealAsync();
        var earlier = new Coffer.Core.Ha.AutopilotSettings { CleanupDeadServers = true, MinQuorum = 5 };
        await _node.Core.Storage.PutJsonAsync(CorePaths.AutopilotSettingsBefore, earlier, CoreJsonContext.Default.AutopilotSettings, Ct);

        Assert.Equal(earlier, await _node.Core.LoadAutopilotSettingsAsync(Ct));

        await _node.Core.SaveAutopilotSettingsAsync(earlier with { MinQuorum = 3 }, Ct);
        Assert.Equal(3, (await _node.Core.LoadAutopilotSettingsAsync(Ct)).MinQuorum);
    }
}
