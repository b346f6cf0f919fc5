using Coffer.Server.Storage;
using Coffer.Testing.Servers;

namespace Coffer.Server.Tests.Http;

/// <summary>A file-backed server restarts sealed and, once unsealed, has everything it acknowledged.</summary>
public sealed class RestartTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-restart-").FullName;

    [Fact]
    public async Task FileBackedServer_Restart_ComesUpSealed_AndKeepsDataAndRotatedTerm()
    {
        IReadOnlyList<string> keys;
        string root;
        using (var storage = await FileBackend.OpenAsync(_directory))
        {
            await using var server = await TestServer.StartAsync(storage);
            await server.InitAndUnsealAsync(5, 3);
            keys = server.UnsealKeys;
            root = server.RootToken;
            Assert.Equal(204, (await server.JsonAsync(HttpMethod.Put, "sys/policies/acl/ops", new { policy = "path \"secret/*\" { capabilities = [\"read\"] }" })).Status);
            Assert.Equal(204, (await server.JsonAsync(HttpMethod.Put, "sys/rotate")).Status);
        }

        using (var storage = await FileBackend.OpenAsync(_directory))
        {
            await using var server = await TestServer.StartAsync(storage);
            var (_, status) = await server.JsonAsync(HttpMethod.Get, "sys/seal-status", token: "");
            Assert.True((bool)status!["initialized"]!);
            Assert.True((bool)status["sealed"]!);
            Assert.Equal(503, (await server.JsonAsync(HttpMethod.Get, "sys/policies/acl/ops", token: root)).Status);

            foreach (var key in keys.Skip(2))
            {
                await server.JsonAsync(HttpMethod.Put, "sys/unseal", new { key }, token: "");
            }

            var (policyStatus, policy) = await server.JsonAsync(HttpMethod.Get, "sys/policies/acl/ops", token: root);
            Assert.Equal(200, policyStatus);
            Assert.Contains("secret/*", (string?)policy!["data"]!["policy"]);
            var (_, keyStatus) = await server.JsonAsync(HttpMethod.Get, "sys/key-status", token: root);
            Assert.Equal(2, (int)keyStatus!["data"]!["term"]!);
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
