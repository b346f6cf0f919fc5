using Coffer.Server.Configuration;

namespace Coffer.Server.Tests.Configuration;

public sealed class ConfigErrorTests
{
    public static TheoryData<string, int, int, string> InvalidConfigs => new()
    {
        { "ui = true\nstorage \"raft\" {\n  path = \"/d\"\n  node_id \"x\"\n}", 5, 1, "expected '{' after the labels of block \"node_id\", found '}'" },
        { "listener \"tcp\" {\n  tls_disable = true\n  address = 8200 }", 3, 13, "address: \"8200\" is not host:port, such as 0.0.0.0:8200" },
        { "ui = [1]", 1, 6, "ui: expected a boolean, found a list" },
        { "ui = \"maybe\"", 1, 6, "ui: expected a boolean, found a string" },
        { "disable_mlock {\n}", 1, 1, "disable_mlock: expected a boolean, found a block" },
        { "max_lease_ttl = true", 1, 17, "max_lease_ttl: expected a duration such as \"30s\" or a number of seconds, found true" },
        { "default_lease_ttl = \"1 day\"", 1, 21, "default_lease_ttl: time: unknown unit \" day\" in duration \"1 day\"" },
        { "default_lease_ttl = \"800h\"", 1, 1, "default_lease_ttl (800h) cannot be larger than max_lease_ttl (768h)" },
        { "log_level = \"loud\"", 1, 13, "log_level: unknown level \"loud\" (use trace, debug, info, warn or error)" },
        { "api_addr = \"node-a:8200\"", 1, 12, "api_addr: \"node-a:8200\" is not a full URL such as https://vault.example.com:8200" },
        { "listener \"unix\" {\n  address = \"/run/coffer.sock\"\n}", 1, 1, "listener \"unix\": unsupported listener type; only \"tcp\" is supported" },
        { "listener \"tcp\" {\n  address = \"0.0.0.0:8200\"\n}", 1, 1, "listener \"tcp\": tls_cert_file and tls_key_file must be set unless tls_disable is true" },
        { "listener \"tcp\" {\n  tls_disable = true\n  tls_min_version = \"tls10\"\n}", 3, 21, "tls_min_version: unsupported version \"tls10\" (use \"tls12\" or \"tls13\")" },
        { "listener {\n  address = \"0.0.0.0:8200\"\n}", 1, 1, "listener: the type must be given, as in listener \"tcp\" { ... }" },
        { "storage \"consul\" {\n  address = \"127.0.0.1:8500\"\n}", 1, 1, "storage \"consul\": unsupported storage type; Coffer runs on \"raft\", \"file\" and \"inmem\"" },
        { "storage \"inmem\" {}\nstorage \"inmem\" {}", 2, 1, "only one \"storage\" block is permitted" },
        { "storage \"raft\" {\n  node_id = \"a\"\n}", 1, 1, "storage \"raft\": path must be set" },
        { "storage \"file\" {}", 1, 1, "storage \"file\": path must be set" },
        { "storage \"raft\" {\n  path = \"/d\"\n  performance_multiplier = 11\n}", 3, 28, "performance_multiplier: must be between 0 and 10, found 11" },
        { "storage \"raft\" {\n  path = \"/d\"\n  trailing_logs = \"many\"\n}", 3, 19, "trailing_logs: expected a whole number, found a string" },
        { "storage \"raft\" {\n  path = \"/d\"\n  leader_lease_reads = \"often\"\n}", 3, 24, "leader_lease_reads: expected a boolean, found a string" },
        { "storage \"raft\" {\n  path = \"/d\"\n  retry_join {\n    leader_ca_cert_file = \"/ca.pem\"\n  }\n}", 3, 3, "retry_join: leader_api_addr must be set" },
        { "storage \"raft\" {\n  path = \"/d\"\n  retry_join = \"https://b:8200\"\n}", 3, 16, "\"retry_join\" must be a block (or an object), found a string" },
        { "seal \"awskms\" {\n  region = \"eu-west-1\"\n}", 1, 1, "seal \"awskms\": unsupported seal type; only \"shamir\" is supported" },
        { "enable_unauthenticated_access = [\"rekey\", 3]", 1, 43, "enable_unauthenticated_access: expected a list of strings, found the number 3 in the list" },
        { "{\"ui\": true,}", 1, 13, "expected a member name in double quotes, found '}'" },
        { "{\"listener\": {\"tcp\": {\"tls_disable\": true, \"max_request_size\": \"big\"}}}", 1, 64, "max_request_size: expected a whole number, found a string" },
    };

    [Theory]
    [MemberData(nameof(InvalidConfigs))]
    public void Parse_InvalidConfig_ReportsProblemWithPosition(string text, int line, int column, string message)
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(text, "bad.hcl"));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(new ConfigProblem("bad.hcl", line, column, message), problem);
        Assert.Contains($"bad.hcl:{line}:{column}: {message}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralProblems_AreAllReported()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("""
            ui = "sometimes"
            listener "tcp" {
              tls_disable = true
              address = "nowhere"
            }
            storage "raft" {
              path = "/d"
              snapshot_interval = "-5s"
            }
            log_level = "chatty"
            """, "many.hcl"));

        Assert.Equal(
            [
                "many.hcl:1:6: ui: expected a boolean, found a string",
                "many.hcl:4:13: address: \"nowhere\" is not host:port, such as 0.0.0.0:8200",
                "many.hcl:10:13: log_level: unknown level \"chatty\" (use trace, debug, info, warn or error)",
                "many.hcl:8:23: snapshot_interval: must be positive",
            ],
            error.Problems.Select(p => p.ToString()));
        Assert.StartsWith("invalid configuration:\n  many.hcl:1:6:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WrongValue_DoesNotEchoStringContents()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("disable_mlock = \"hunter2-secret\"", "s.hcl"));

        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }
}
