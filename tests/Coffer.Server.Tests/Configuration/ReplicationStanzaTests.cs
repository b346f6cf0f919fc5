using Coffer.Server.Configuration;

namespace Coffer.Server.Tests.Configuration;

/// <summary>Vault's <c>replication</c> stanza: the size of the log a DR primary keeps for its secondaries.</summary>
public sealed class ReplicationStanzaTests
{
    [Theory]
    [InlineData("\"5gb\"", 5_000_000_000L)]
    [InlineData("\"512 MiB\"", 512L * 1024 * 1024)]
    [InlineData("\"64kb\"", 64_000L)]
    [InlineData("1048576", 1_048_576L)]
    [InlineData("\"2048\"", 2_048L)]
    public void Parse_ReplicationStanza_ReadsLengthAndCapacity(string size, long bytes)
    {
        var (config, warnings) = ConfigLoader.Parse($$"""
            storage "inmem" {}
            listener "tcp" {
              address     = "127.0.0.1:8200"
              tls_disable = true
            }
            replication {
              logshipper_buffer_length = 1000
              logshipper_buffer_size   = {{size}}
            }
            """, "primary.hcl");

        Assert.Empty(warnings);
        Assert.Equal(1000, config.Replication.LogShipperBufferLength);
        Assert.Equal(bytes, config.Replication.LogShipperBufferSize);
    }

    [Fact]
    public void Parse_WithoutReplicationStanza_KeepsTheDefaults()
    {
        var (config, _) = ConfigLoader.Parse("storage \"inmem\" {}\nlistener \"tcp\" { address = \"127.0.0.1:8200\"\n tls_disable = true }\n", "plain.hcl");

        Assert.Null(config.Replication.LogShipperBufferLength);
        Assert.Null(config.Replication.LogShipperBufferSize);
    }

    [Fact]
    public void Parse_VaultSettingsCofferDoesNotUse_AreWarnedAbout()
    {
        var (_, warnings) = ConfigLoader.Parse("storage \"inmem\" {}\nlistener \"tcp\" { address = \"127.0.0.1:8200\"\n tls_disable = true }\nreplication {\n  resolver_discover_servers = true\n}\n", "w.hcl");

        Assert.Contains(warnings, w => w.Contains("resolver_discover_servers", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("logshipper_buffer_size = \"lots\"", "logshipper_buffer_size: not a size")]
    [InlineData("logshipper_buffer_size = \"5 parsecs\"", "logshipper_buffer_size: not a size")]
    [InlineData("logshipper_buffer_length = 0", "logshipper_buffer_length must be positive")]
    public void Parse_BadValue_FailsWithTheLine(string setting, string message)
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(
            $"storage \"inmem\" {{}}\nlistener \"tcp\" {{ address = \"127.0.0.1:8200\"\n tls_disable = true }}\nreplication {{\n  {setting}\n}}\n", "bad.hcl"));

        Assert.Contains(message, error.Message);
        Assert.Contains("bad.hcl:5", error.Message);
    }
}
