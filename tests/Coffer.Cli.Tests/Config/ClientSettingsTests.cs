using Coffer.Cli.Config;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Tests.Config;

public sealed class ClientSettingsTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("coffer-settings-").FullName;
    private readonly Dictionary<string, string> _vars = new(StringComparer.Ordinal);

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public void Resolve_NothingConfigured_UsesVaultDefaultAddress()
    {
        var options = Resolve();

        Assert.Equal("https://127.0.0.1:8200", options.Address);
        Assert.False(options.TlsSkipVerify);
        Assert.Equal(TimeSpan.FromSeconds(60), options.Timeout);
        Assert.Equal(2, options.MaxRetries);
        Assert.Null(options.Token);
    }

    [Fact]
    public void Resolve_VaultAddrOnly_UsesIt()
    {
        _vars["VAULT_ADDR"] = "http://vault:8200";

        Assert.Equal("http://vault:8200", Resolve().Address);
    }

    [Fact]
    public void Resolve_BothPrefixesSet_CofferWins()
    {
        _vars["VAULT_ADDR"] = "http://vault:8200";
        _vars["COFFER_ADDR"] = "http://coffer:8200";
        _vars["VAULT_TOKEN"] = "vault-token";
        _vars["COFFER_TOKEN"] = "coffer-token";
        _vars["VAULT_CACERT"] = "/vault/ca.pem";
        _vars["COFFER_CACERT"] = "/coffer/ca.pem";

        var options = Resolve();

        Assert.Equal("http://coffer:8200", options.Address);
        Assert.Equal("coffer-token", options.Token);
        Assert.Equal("/coffer/ca.pem", options.CaCertFile);
    }

    [Fact]
    public void Resolve_EmptyCofferVariable_FallsBackToVault()
    {
        _vars["COFFER_ADDR"] = "";
        _vars["VAULT_ADDR"] = "http://vault:8200";

        Assert.Equal("http://vault:8200", Resolve().Address);
    }

    [Fact]
    public void Resolve_FlagGiven_WinsOverEnvironment()
    {
        _vars["COFFER_ADDR"] = "http://coffer:8200";
        _vars["VAULT_SKIP_VERIFY"] = "true";

        var options = Resolve("-address=http://flag:8200", "-tls-skip-verify=false");

        Assert.Equal("http://flag:8200", options.Address);
        Assert.False(options.TlsSkipVerify);
    }

    [Theory]
    [InlineData("VAULT_SKIP_VERIFY", "1", true)]
    [InlineData("COFFER_SKIP_VERIFY", "true", true)]
    [InlineData("VAULT_SKIP_VERIFY", "false", false)]
    public void Resolve_SkipVerifyVariable_ParsedAsGoBool(string name, string value, bool expected)
    {
        _vars[name] = value;

        Assert.Equal(expected, Resolve().TlsSkipVerify);
    }

    [Fact]
    public void Resolve_UnparsableSkipVerify_FailsNamingTheVariable()
    {
        _vars["VAULT_SKIP_VERIFY"] = "sometimes";

        var ex = Assert.Throws<CliException>(() => Resolve());

        Assert.Equal("could not parse VAULT_SKIP_VERIFY", ex.Message);
        Assert.Equal(2, ex.ExitCode);
    }

    [Fact]
    public void Resolve_TimeoutAndRetriesVariables_AreApplied()
    {
        _vars["VAULT_CLIENT_TIMEOUT"] = "5";
        _vars["VAULT_MAX_RETRIES"] = "0";
        _vars["COFFER_CLIENT_TIMEOUT"] = "2m";

        var options = Resolve();

        Assert.Equal(TimeSpan.FromMinutes(2), options.Timeout);
        Assert.Equal(0, options.MaxRetries);
    }

    [Fact]
    public void Resolve_WrapTtlFromEnvironment_IsSet()
    {
        _vars["VAULT_WRAP_TTL"] = "5m";

        Assert.Equal("5m", Resolve().WrapTtl);
    }

    [Fact]
    public void Resolve_NoTokenVariable_ReadsTokenHelperFile()
    {
        new TokenHelper(_home).Store("hvs.fromhelper");

        Assert.Equal("hvs.fromhelper", Resolve().Token);
    }

    [Fact]
    public void Resolve_TokenVariable_WinsOverTokenHelper()
    {
        new TokenHelper(_home).Store("hvs.fromhelper");
        _vars["VAULT_TOKEN"] = "hvs.fromenv";

        Assert.Equal("hvs.fromenv", Resolve().Token);
    }

    [Fact]
    public void Resolve_AgentAddress_ReplacesAddress()
    {
        _vars["VAULT_ADDR"] = "http://vault:8200";
        _vars["VAULT_AGENT_ADDR"] = "http://agent:8100";

        Assert.Equal("http://agent:8100", Resolve().Address);
    }

    [Fact]
    public void Resolve_HeaderFlags_AreAddedButXVaultHeadersAreRefused()
    {
        var options = Resolve("-header", "X-Request-Source=runbook");
        Assert.Equal("runbook", options.Headers["X-Request-Source"]);

        var ex = Assert.Throws<CliException>(() => Resolve("-header=X-Vault-Token=stolen"));
        Assert.Contains("X-Vault-", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, ex.ExitCode);
    }

    private Coffer.Api.CofferClientOptions Resolve(params string[] args)
    {
        var set = new FlagSet();
        var flags = new HttpFlags(set);
        set.Parse(args);
        var env = new CliEnvironment
        {
            Stdin = TextReader.Null,
            Stdout = TextWriter.Null,
            Stderr = TextWriter.Null,
            GetVariable = name => _vars.TryGetValue(name, out var v) ? v : null,
            HomeDirectory = _home,
        };
        return ClientSettings.Resolve(flags, env);
    }
}
