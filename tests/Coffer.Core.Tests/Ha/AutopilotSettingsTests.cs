using System.Text.Json.Nodes;
using Coffer.Core.Ha;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Framework;

namespace Coffer.Core.Tests.Ha;

/// <summary><c>sys/storage/raft/autopilot/configuration</c>: Vault's defaults, partial updates, validation.</summary>
public sealed class AutopilotSettingsTests
{
    private static FieldData Input(JsonObject body) =>
        FieldData.Create(AutopilotSettings.Fields, body, new Dictionary<string, string>(), acceptUnknown: false);

    [Fact]
    public void ToJson_Defaults_AreVaultsWithGoDurations()
    {
        var json = new AutopilotSettings().ToJson();

        Assert.False((bool)json["cleanup_dead_servers"]!);
        Assert.Equal("10s", (string)json["last_contact_threshold"]!);
        Assert.Equal("24h0m0s", (string)json["dead_server_last_contact_threshold"]!);
        Assert.Equal(1000, (long)json["max_trailing_logs"]!);
        Assert.Equal(0, (int)json["min_quorum"]!);
        Assert.Equal("10s", (string)json["server_stabilization_time"]!);
        Assert.False((bool)json["disable_upgrade_migration"]!);
    }

    [Fact]
    public void Merge_SomeFields_ChangesOnlyThoseAndAcceptsSecondsAndStrings()
    {
        var merged = new AutopilotSettings().Merge(Input(new JsonObject
        {
            ["last_contact_threshold"] = "3s",
            ["server_stabilization_time"] = 30,
            ["max_trailing_logs"] = "250",
        }));

        Assert.Equal(TimeSpan.FromSeconds(3), merged.LastContactThreshold);
        Assert.Equal(TimeSpan.FromSeconds(30), merged.ServerStabilizationTime);
        Assert.Equal(250, merged.MaxTrailingLogs);
        Assert.Equal(TimeSpan.FromHours(24), merged.DeadServerLastContactThreshold);
    }

    [Theory]
    [InlineData("""{"cleanup_dead_servers": true}""", "min_quorum must be set when cleanup_dead_servers is set and it should at least be 3")]
    [InlineData("""{"cleanup_dead_servers": true, "min_quorum": 2}""", "min_quorum must be set when cleanup_dead_servers is set and it should at least be 3")]
    [InlineData("""{"dead_server_last_contact_threshold": "30s"}""", "dead_server_last_contact_threshold should not be less than 1m0s")]
    [InlineData("""{"last_contact_threshold": "0s"}""", "last_contact_threshold must be positive")]
    [InlineData("""{"max_trailing_logs": -1}""", "cannot be negative")]
    public void Merge_InvalidValues_AreRefused(string body, string message)
    {
        var error = Assert.Throws<CofferException>(() => new AutopilotSettings().Merge(Input(JsonNode.Parse(body)!.AsObject())));

        Assert.Equal(ErrorKind.InvalidRequest, error.Kind);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Merge_CleanupWithMinQuorumThree_IsAccepted()
    {
        var merged = new AutopilotSettings().Merge(Input(new JsonObject { ["cleanup_dead_servers"] = true, ["min_quorum"] = 3 }));

        Assert.True(merged.CleanupDeadServers);
        Assert.Equal(3, merged.MinQuorum);
    }
}
