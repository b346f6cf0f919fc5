using System.Security.Authentication;
using Coffer.Server.Configuration;

namespace Coffer.Server.Tests.Configuration;

public sealed class ConfigLoaderTests
{
    [Fact]
    public void Parse_FileStorageConfig_ReadsEverySetting()
    {
        var (config, warnings) = ConfigLoader.Parse(SampleConfigs.FileStorage, "single.hcl");

        Assert.Empty(warnings);
        Assert.Equal("file", config.Storage!.Type);
        Assert.Equal("/var/lib/coffer/data", config.Storage.File!.Path);
        Assert.Null(config.Storage.Raft);
        var listener = Assert.Single(config.Listeners);
        Assert.Equal("0.0.0.0:8200", listener.Address);
        Assert.True(listener.TlsDisable);
        Assert.Equal("http://127.0.0.1:8200", config.ApiAddr);
        Assert.True(config.Ui);
        Assert.True(config.DisableMlock);
        Assert.Equal("debug", config.LogLevel);
        Assert.Equal(TimeSpan.FromHours(24), config.DefaultLeaseTtl);
        Assert.Equal(TimeSpan.FromHours(768), config.MaxLeaseTtl);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("allow_audit_log_prefixing = true\n", true)]
    public void Parse_AllowAuditLogPrefixing_IsOffUnlessSet(string line, bool expected)
    {
        var (config, warnings) = ConfigLoader.Parse(line + SampleConfigs.FileStorage, "single.hcl");

        Assert.Empty(warnings);
        Assert.Equal(expected, config.AllowAuditLogPrefixing);
    }

    [Fact]
    public void Parse_RaftClusterConfig_ReadsRaftListenerAndAddresses()
    {
        var (config, warnings) = ConfigLoader.Parse(SampleConfigs.RaftCluster, "node-a.hcl");

        Assert.Empty(warnings);
        AssertRaftCluster(config);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("  leader_lease_reads = true\n", true)]
    [InlineData("  leader_lease_reads = \"false\"\n", false)]
    public void Parse_LeaderLeaseReads_IsOffUnlessSet(string line, bool expected)
    {
        var (config, warnings) = ConfigLoader.Parse("storage \"raft\" {\n  path = \"/d\"\n" + line + "}", "r.hcl");

        Assert.Empty(warnings);
        Assert.Equal(expected, config.Storage!.Raft!.LeaderLeaseReads);
    }

    [Fact]
    public void Parse_RaftClusterJson_GivesTheSameConfigAsHcl()
    {
        var (config, warnings) = ConfigLoader.Parse(SampleConfigs.RaftClusterJson, "node-a.json");

        Assert.Empty(warnings);
        AssertRaftCluster(config);
    }

    [Fact]
    public void Parse_EmptyConfig_GivesVaultsDefaults()
    {
        var (config, warnings) = ConfigLoader.Parse("", "empty.hcl");

        Assert.Empty(warnings);
        Assert.Empty(config.Listeners);
        Assert.Null(config.Storage);
        Assert.Equal(TimeSpan.FromHours(768), config.DefaultLeaseTtl);
        Assert.Equal(TimeSpan.FromHours(768), config.MaxLeaseTtl);
        Assert.Equal("info", config.LogLevel);
        Assert.False(config.Ui);
        Assert.Empty(config.EnableUnauthenticatedAccess);
    }

    [Fact]
    public void Parse_ListenerWithoutSettings_GetsDefaults()
    {
        var (config, _) = ConfigLoader.Parse("listener \"tcp\" {\n  tls_disable = 1\n}", "l.hcl");

        var listener = Assert.Single(config.Listeners);
        Assert.Equal("tcp", listener.Type);
        Assert.Equal("127.0.0.1:8200", listener.Address);
        Assert.Null(listener.ClusterAddress);
        Assert.Equal(SslProtocols.Tls12, listener.TlsMinVersion);
        Assert.Equal(33_554_432, listener.MaxRequestSize);
        Assert.Equal(TimeSpan.FromSeconds(90), listener.MaxRequestDuration);
    }

    [Theory]
    [InlineData("0", 33_554_432L)]
    [InlineData("-1", null)]
    [InlineData("\"2048\"", 2048L)]
    public void Parse_MaxRequestSize_FollowsVaultsZeroAndNegativeRules(string written, long? expected)
    {
        var (config, _) = ConfigLoader.Parse($"listener \"tcp\" {{\n tls_disable = true\n max_request_size = {written}\n}}", "l.hcl");

        Assert.Equal(expected, config.Listeners[0].MaxRequestSize);
    }

    [Fact]
    public void Parse_SeveralListeners_AreKeptInOrder()
    {
        var (config, _) = ConfigLoader.Parse("""
            listener "tcp" { address = "127.0.0.1:8200"
              tls_disable = true }
            listener "tcp" { address = "[::]:9200"
              tls_disable = true }
            """, "two.hcl");

        Assert.Equal(["127.0.0.1:8200", "[::]:9200"], config.Listeners.Select(l => l.Address));
    }

    [Fact]
    public void Parse_ListenerWithTypeAttribute_IsAccepted()
    {
        var (config, _) = ConfigLoader.Parse("listener {\n  type = \"tcp\"\n  address = \"0.0.0.0:8300\"\n  tls_disable = true\n}", "l.hcl");

        Assert.Equal("0.0.0.0:8300", Assert.Single(config.Listeners).Address);
    }

    [Fact]
    public void Parse_LegacyBackendBlock_IsReadAsStorage()
    {
        var (config, warnings) = ConfigLoader.Parse("backend \"file\" {\n  path = \"/data\"\n}", "legacy.hcl");

        Assert.Empty(warnings);
        Assert.Equal("/data", config.Storage!.File!.Path);
    }

    [Fact]
    public void Parse_StorageAndBackend_UsesStorageAndWarnsAboutBackend()
    {
        var (config, warnings) = ConfigLoader.Parse("storage \"inmem\" {}\nbackend \"file\" {\n  path = \"/data\"\n}", "both.hcl");

        Assert.Equal("inmem", config.Storage!.Type);
        Assert.Equal(["unknown or unsupported field backend found in configuration at both.hcl:2:1"], warnings);
    }

    [Fact]
    public void Parse_UnknownFields_AreWarningsWithPositions()
    {
        var (config, warnings) = ConfigLoader.Parse("""
            telemetry {
              statsite_address = "127.0.0.1:8125"
            }
            storage "raft" {
              path = "/data"
              max_entry_size = 2097152
              retry_join {
                leader_api_addr = "https://b:8200"
                auto_join_port = 8200
              }
            }
            listener "tcp" {
              tls_disable        = true
              tls_client_ca_file = "/ca.pem"
            }
            """, "extra.hcl");

        Assert.Equal(
            [
                "unknown or unsupported field telemetry found in configuration at extra.hcl:1:1",
                "unknown or unsupported field tls_client_ca_file found in configuration at extra.hcl:14:3",
                "unknown or unsupported field max_entry_size found in configuration at extra.hcl:6:3",
                "unknown or unsupported field auto_join_port found in configuration at extra.hcl:9:5",
            ],
            warnings);
        Assert.Equal(2097152L, config.Storage!.Options["max_entry_size"]);
    }

    [Fact]
    public void Parse_StorageOptions_KeepScalarsAsWrittenWithTypedAccessors()
    {
        var (config, _) = ConfigLoader.Parse(SampleConfigs.RaftCluster, "node-a.hcl");
        var storage = config.Storage!;

        Assert.Equal("node-a", storage.Options["node_id"]);
        Assert.Equal(1L, storage.Options["performance_multiplier"]);
        Assert.Equal("20000", storage.Options["trailing_logs"]);
        Assert.False(storage.Options.ContainsKey("retry_join"));
        Assert.Equal(20000L, storage.GetInt64("trailing_logs"));
        Assert.Equal(TimeSpan.FromSeconds(60), storage.GetDuration("snapshot_interval"));
        Assert.Equal("4096", storage.GetString("snapshot_threshold"));
        Assert.Null(storage.GetBool("missing"));
        Assert.Throws<FormatException>(() => storage.GetBool("node_id"));
    }

    [Fact]
    public void Parse_UnauthenticatedAccessUnknownFamily_Warns()
    {
        var (config, warnings) = ConfigLoader.Parse("enable_unauthenticated_access = [\"rekey\", \"generate-everything\"]", "u.hcl");

        Assert.Equal(["rekey", "generate-everything"], config.EnableUnauthenticatedAccess);
        var warning = Assert.Single(warnings);
        Assert.Contains("unknown endpoint family \"generate-everything\"", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ShamirSealBlock_IsAccepted()
    {
        var (_, warnings) = ConfigLoader.Parse("seal \"shamir\" {}", "s.hcl");

        Assert.Empty(warnings);
    }

    private static void AssertRaftCluster(ServerConfig config)
    {
        var raft = config.Storage!.Raft!;
        Assert.Equal("raft", config.Storage.Type);
        Assert.Equal("/opt/coffer/data", raft.Path);
        Assert.Equal("node-a", raft.NodeId);
        Assert.Equal(1, raft.PerformanceMultiplier);
        Assert.Equal(20000, raft.TrailingLogs);
        Assert.Equal(4096, raft.SnapshotThreshold);
        Assert.Equal(TimeSpan.FromSeconds(60), raft.SnapshotInterval);
        Assert.Equal(2, raft.RetryJoin.Count);
        Assert.Equal(
            new RetryJoinConfig
            {
                LeaderApiAddr = "https://node-b.example.com:8200",
                LeaderCaCertFile = "/opt/coffer/tls/ca.pem",
                LeaderClientCertFile = "/opt/coffer/tls/client.pem",
                LeaderClientKeyFile = "/opt/coffer/tls/client-key.pem",
            },
            raft.RetryJoin[0]);
        Assert.Equal(
            new RetryJoinConfig { LeaderApiAddr = "https://node-c.example.com:8200", LeaderTlsServerName = "coffer.example.com" },
            raft.RetryJoin[1]);

        var listener = Assert.Single(config.Listeners);
        Assert.Equal(
            new ListenerConfig
            {
                Address = "0.0.0.0:8200",
                ClusterAddress = "0.0.0.0:8201",
                TlsCertFile = "/opt/coffer/tls/server.pem",
                TlsKeyFile = "/opt/coffer/tls/server-key.pem",
                TlsMinVersion = SslProtocols.Tls13,
                MaxRequestSize = 1_048_576,
                MaxRequestDuration = TimeSpan.FromSeconds(30),
            },
            listener);
        Assert.Equal("https://node-a.example.com:8200", config.ApiAddr);
        Assert.Equal("https://node-a.example.com:8201", config.ClusterAddr);
        Assert.Equal("prod", config.ClusterName);
        Assert.Equal(["generate-root"], config.EnableUnauthenticatedAccess);
        Assert.Equal(TimeSpan.FromHours(768), config.DefaultLeaseTtl);
    }
}
