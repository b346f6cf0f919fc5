using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Core.Json;
using Coffer.Core.Replication;
using Coffer.Core.Seal;
using Coffer.Core.Storage;
using Coffer.Core.Tests.Ha;
using Coffer.Sdk.Logical;
using Coffer.Sdk.Physical;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coffer.Core.Tests.Replication;

/// <summary>
/// Autopilot settings belong to the cluster whose Raft servers autopilot watches: a DR secondary changes its own with
/// a DR operation token (during an outage, before promotion), and they are kept outside the replicated data.
/// </summary>
public sealed class ClusterLocalAutopilotSettingsTests
{
    private const string AutopilotPath = "sys/storage/raft/autopilot/configuration";

    private readonly InMemoryBackend _physical = new();
    private readonly FakeIntegratedStorage _raft;
    private readonly CofferCore _core;

    public ClusterLocalAutopilotSettingsTests()
    {
        _raft = new FakeIntegratedStorage { Physical = _physical };
        _core = new CofferCore(
            new CoreOptions { ApiAddress = "https://node-1.example:8200" }, _physical, TimeProvider.System, NullLoggerFactory.Instance, _raft,
            new IdleReplicationProvider());
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> InitAndUnsealAsync()
    {
        var init = await _core.InitializeAsync(new SealConfig(1, 1), null, Ct);
        await _core.SubmitUnsealKeyAsync(Convert.ToBase64String(init.KeyShares[0]), Ct);
        return init.RootToken;
    }

    private Task<LogicalResponse?> WriteAsync(string path, JsonObject data, string token = "") =>
        _core.HandleRequestAsync(new LogicalRequest(Operation.Update, path, data) { ClientToken = token }, Ct);

    [Fact]
    public async Task OnADrSecondary_ADrOperationTokenChangesTheClustersOwnSettings()
    {
        var root = await InitAndUnsealAsync();
        await WriteAsync("sys/policies/acl/dr", new JsonObject { ["policy"] = $"path \"{AutopilotPath}\" {{ capabilities = [\"update\"] }}" }, root);
        var created = await WriteAsync("auth/token/create-orphan", new JsonObject { ["policies"] = "dr", ["type"] = "batch", ["ttl"] = "1h" }, root);
        var drToken = created!.Auth!.ClientToken;
        var demoted = new DrStateRecord { Mode = DrMode.Secondary, Demoted = true, ClusterId = "set-1" };
        await _physical.PutAsync(new PhysicalEntry(CorePaths.DrState, JsonSerializer.SerializeToUtf8Bytes(demoted, DrJsonContext.Default.DrStateRecord)), Ct);
        await _core.Replication.RefreshModeAsync(Ct);
        Assert.True(_core.Replication.IsSecondary);

        var response = await WriteAsync(AutopilotPath, new JsonObject { ["dr_operation_token"] = drToken, ["cleanup_dead_servers"] = true, ["min_quorum"] = 3 });

        Assert.Null(response);
        Assert.True(_raft.AutopilotSettings.CleanupDeadServers);
        Assert.Equal(3, _raft.AutopilotSettings.MinQuorum);
        Assert.True((await _core.LoadAutopilotSettingsAsync(Ct)).CleanupDeadServers);
        Assert.StartsWith("replication/", CorePaths.AutopilotSettings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SettingsStoredWhereTheyUsedToBe_AreStillRead_UntilChanged()
    {
        await InitAndUnsealAsync();
        var earlier = new Coffer.Core.Ha.AutopilotSettings { CleanupDeadServers = true, MinQuorum = 5 };
        await _core.Storage.PutJsonAsync(CorePaths.AutopilotSettingsBefore, earlier, CoreJsonContext.Default.AutopilotSettings, Ct);

        Assert.Equal(earlier, await _core.LoadAutopilotSettingsAsync(Ct));

        await _core.SaveAutopilotSettingsAsync(earlier with { MinQuorum = 3 }, Ct);
        Assert.Equal(3, (await _core.LoadAutopilotSettingsAsync(Ct)).MinQuorum);
    }
}
