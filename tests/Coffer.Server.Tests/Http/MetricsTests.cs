using System.Text.Json.Nodes;
using Coffer.Testing.Servers;

namespace Coffer.Server.Tests.Http;

/// <summary>sys/metrics in both formats, with Vault's metric names.</summary>
public sealed class MetricsTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartUnsealedAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Json_CountsRequestsAndTokenCreations()
    {
        await _server.JsonAsync(HttpMethod.Get, "sys/key-status");
        await _server.JsonAsync(HttpMethod.Post, "auth/token/create", new { policies = new[] { "default" } });
        var (status, body) = await _server.JsonAsync(HttpMethod.Get, "sys/metrics");
        Assert.Equal(200, status);
        var samples = body!["Samples"]!.AsArray().Select(s => s!.AsObject()).ToList();
        Assert.Contains(samples, s => (string?)s["Name"] == "vault.core.handle_request" && (long)s["Count"]! >= 1);
        Assert.Contains(samples, s => (string?)s["Name"] == "vault.barrier" && (string?)s["Labels"]!["operation"] == "get");
        var counters = body["Counters"]!.AsArray().Select(c => c!.AsObject()).ToList();
        Assert.Contains(counters, c => (string?)c["Name"] == "vault.token.creation" && (string?)c["Labels"]!["token_type"] == "service");
        var gauges = body["Gauges"]!.AsArray().Select(g => g!.AsObject()).ToList();
        var cluster = _server.Core.ClusterInfo!.Name;
        Assert.Contains(gauges, g => (string?)g["Name"] == "vault.core.unsealed" && (string?)g["Labels"]!["cluster"] == cluster && (double)g["Value"]! == 1);
    }

    [Fact]
    public async Task Prometheus_TextFormat_HasVaultNames()
    {
        await _server.JsonAsync(HttpMethod.Get, "sys/key-status");
        using var response = await _server.SendAsync(HttpMethod.Get, "sys/metrics?format=prometheus");
        Assert.Equal(200, (int)response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("vault_core_handle_request", text);
        Assert.Contains("# TYPE", text);
    }

    [Fact]
    public async Task WithoutToken_Is403()
    {
        var (status, _) = await _server.JsonAsync(HttpMethod.Get, "sys/metrics", token: "");
        Assert.Equal(403, status);
    }
}
