using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Coffer.Testing.Servers;

namespace Coffer.Server.Tests.Http;

/// <summary>A snapshot upload is a binary body handed to Core unparsed, under the listener's size limit.</summary>
public sealed class SnapshotUploadTests
{
    private static async Task<(int Status, string Error)> PostBinaryAsync(TestServer server, string path, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/" + path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Headers.Add("X-Vault-Token", server.RootToken);
        using var response = await server.Http.SendAsync(request, TestContext.Current.CancellationToken);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        return ((int)response.StatusCode, (string)json["errors"]![0]!);
    }

    [Theory]
    [InlineData("sys/storage/raft/snapshot")]
    [InlineData("sys/storage/raft/snapshot-force")]
    public async Task BinaryBody_IsNotParsedAsJson(string path)
    {
        await using var server = await TestServer.StartUnsealedAsync();

        var (status, error) = await PostBinaryAsync(server, path, [0x1f, 0x8b, 0x00, 0xff, 0x7b]);

        // Reaches the handler, which explains that this server's storage is not Raft, instead of a JSON parse error.
        Assert.Equal(400, status);
        Assert.Contains("integrated storage (raft) is not in use", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BinaryBodyAboveLimit_Is413()
    {
        await using var small = await TestServer.StartAsync(maxRequestSize: 1024);
        await small.InitAndUnsealAsync(1, 1);

        var (status, error) = await PostBinaryAsync(small, "sys/storage/raft/snapshot", new byte[8192]);

        Assert.Equal(413, status);
        Assert.Equal("http: request body too large", error);
    }
}
