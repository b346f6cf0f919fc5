using System.Text.Json.Nodes;
using Coffer.Core;
using Coffer.Core.Replication;
using Coffer.Core.Seal;
using Coffer.Sdk.Physical;
using Coffer.Testing.Servers;

namespace Coffer.Server.Tests.Replication;

/// <summary>
/// <c>sys/replication/dr/secondary/generate-operation-token/*</c> and the generated DR operation token, on a demoted
/// primary (a DR secondary following nobody) whose key shares are 5, threshold 3.
/// </summary>
public sealed class DrOperationTokenTests : IAsyncLifetime
{
    private const string Attempt = "sys/replication/dr/secondary/generate-operation-token/attempt";
    private const string Update = "sys/replication/dr/secondary/generate-operation-token/update";
    private const string StoredTokenKey = "replication/local/dr-operation-token";

    private static readonly string[] StatusFields =
        ["nonce", "started", "progress", "required", "complete", "encoded_token", "encoded_root_token", "pgp_fingerprint", "otp", "otp_length"];

    private readonly InMemoryBackend _storage = new();
    private TestServer _server = null!;
    private string _batch = string.Empty;
    private string _ceremonyBatch = string.Empty;

    public async ValueTask InitializeAsync() => _server = await StartAsync(new CoreOptions());

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Ceremony_ThresholdOfShares_MintsATokenThatWorksOnce()
    {
        var (_, idle) = await JsonOkAsync(HttpMethod.Get, Attempt);
        AssertStatusShape(idle);
        Assert.False((bool)idle["started"]!);
        Assert.Equal(3, (int)idle["required"]!);
        Assert.Equal(28, (int)idle["otp_length"]!);
        Assert.Equal("", (string?)idle["nonce"]);

        var (_, started) = await JsonOkAsync(HttpMethod.Put, Attempt, new { });
        AssertStatusShape(started);
        var otp = (string)started["otp"]!;
        var nonce = (string)started["nonce"]!;
        Assert.Equal(28, otp.Length);
        Assert.True(Guid.TryParse(nonce, out _));
        Assert.True((bool)started["started"]!);
        Assert.Equal(0, (int)started["progress"]!);

        var (_, status) = await JsonOkAsync(HttpMethod.Get, Attempt);
        Assert.Equal("", (string?)status["otp"]);
        Assert.Equal(nonce, (string?)status["nonce"]);

        var progress = new List<JsonObject>();
        foreach (var key in _server.UnsealKeys.Take(3))
        {
            progress.Add((await JsonOkAsync(HttpMethod.Put, Update, new { key, nonce })).Body);
        }

        foreach (var step in progress)
        {
            AssertStatusShape(step);
            Assert.Equal(nonce, (string?)step["nonce"]);
            Assert.True((bool)step["started"]!);
            Assert.Equal(3, (int)step["required"]!);
            Assert.Equal("", (string?)step["encoded_root_token"]);
            Assert.Equal("", (string?)step["otp"]);
        }

        Assert.Equal([1, 2, 3], progress.Select(p => (int)p["progress"]!));
        Assert.Equal([false, false, true], progress.Select(p => (bool)p["complete"]!));
        Assert.Equal("", (string?)progress[1]["encoded_token"]);
        var token = RootTokenEncoding.Decode((string)progress[2]["encoded_token"]!, otp);
        Assert.Matches("^hvs\\.[0-9A-Za-z]{24}$", token);
        Assert.False((bool)(await JsonOkAsync(HttpMethod.Get, Attempt)).Body["started"]!);

        // Stored as a hash only, cluster-local.
        var stored = System.Text.Encoding.UTF8.GetString((await _storage.GetAsync(StoredTokenKey))!.Value);
        Assert.DoesNotContain(token[4..], stored, StringComparison.Ordinal);

        var (first, firstBody) = await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/secondary/update-primary", new { dr_operation_token = token, token = "" }, token: "");
        Assert.True(first == 204, firstBody?.ToJsonString());
        var (second, refused) = await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/secondary/update-primary", new { dr_operation_token = token, token = "" }, token: "");
        Assert.Equal(403, second);
        Assert.Equal(["permission denied", DrReplication.UnknownOperationTokenMessage], Errors(refused));
    }

    [Fact]
    public async Task Attempt_OwnOtp_IsNotEchoedAndDecodesTheResult()
    {
        var otp = RootTokenEncoding.GenerateOtp(28);
        var (_, started) = await JsonOkAsync(HttpMethod.Post, Attempt, new { otp, pgp_key = "" });
        Assert.Equal("", (string?)started["otp"]);

        var token = await CompleteAsync((string)started["nonce"]!, otp);

        Assert.StartsWith("hvs.", token);
        Assert.Equal(28, token.Length);
    }

    [Fact]
    public async Task Ceremony_WrongOtpAtDecode_GivesAValueThatIsRefused()
    {
        var (_, started) = await JsonOkAsync(HttpMethod.Put, Attempt, new { });
        var wrong = await CompleteAsync((string)started["nonce"]!, RootTokenEncoding.GenerateOtp(28));

        var (status, body) = await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/secondary/operation-token/delete", new { dr_operation_token = wrong }, token: "");
        Assert.Equal(403, status);
        Assert.Equal("permission denied", Errors(body)[0]);
        Assert.NotNull(await _storage.GetAsync(StoredTokenKey));
    }

    [Fact]
    public async Task Attempt_BadInputs_GiveVaultErrors()
    {
        Assert.Equal("OTP string is wrong length", await ErrorAsync(HttpMethod.Put, Attempt, new { otp = "short" }));
        Assert.Contains("not supported", await ErrorAsync(HttpMethod.Put, Attempt, new { pgp_key = "bWFkZS11cA==" }));
        Assert.Equal("no root generation in progress", await ErrorAsync(HttpMethod.Put, Update, new { key = _server.UnsealKeys[0], nonce = "x" }));

        var (_, started) = await JsonOkAsync(HttpMethod.Put, Attempt, new { });
        var nonce = (string)started["nonce"]!;
        Assert.Equal("root generation already in progress", await ErrorAsync(HttpMethod.Put, Attempt, new { }));
        Assert.Equal($"incorrect nonce supplied; nonce for this root generation operation is \"{nonce}\"",
            await ErrorAsync(HttpMethod.Put, Update, new { key = _server.UnsealKeys[0], nonce = "wrong" }));
        Assert.Equal("'key' must be specified in request body as JSON", await ErrorAsync(HttpMethod.Put, Update, new { nonce }));
        Assert.Equal("'key' must be a valid hex or base64 string", await ErrorAsync(HttpMethod.Put, Update, new { key = "not a key!", nonce }));

        await JsonOkAsync(HttpMethod.Put, Update, new { key = _server.UnsealKeys[0], nonce });
        Assert.Equal("given key has already been provided during this generation operation",
            await ErrorAsync(HttpMethod.Put, Update, new { key = _server.UnsealKeys[0], nonce }));

        // Shares of another key: the threshold is reached but the root key does not verify; the attempt ends.
        var foreign = Convert.ToBase64String(Enumerable.Range(7, 33).Select(i => (byte)i).ToArray());
        var other = Convert.ToBase64String(Enumerable.Range(9, 33).Select(i => (byte)i).ToArray());
        await JsonOkAsync(HttpMethod.Put, Update, new { key = foreign, nonce });
        Assert.StartsWith("root generation aborted: ", await ErrorAsync(HttpMethod.Put, Update, new { key = other, nonce }));
        Assert.False((bool)(await JsonOkAsync(HttpMethod.Get, Attempt)).Body["started"]!);
        Assert.Null(await _storage.GetAsync(StoredTokenKey));
    }

    [Fact]
    public async Task Attempt_Delete_CancelsWith204()
    {
        await JsonOkAsync(HttpMethod.Put, Attempt, new { });

        var (status, body) = await _server.JsonAsync(HttpMethod.Delete, Attempt);

        Assert.Equal(204, status);
        Assert.Null(body);
        Assert.False((bool)(await JsonOkAsync(HttpMethod.Get, Attempt)).Body["started"]!);
    }

    [Fact]
    public async Task Update_WithGet_IsMethodNotAllowed()
    {
        var (status, _) = await _server.JsonAsync(HttpMethod.Get, Update);
        Assert.Equal(405, status);
    }

    [Fact]
    public async Task Ceremony_WithoutToken_IsPermissionDeniedByDefault()
    {
        foreach (var (method, path) in new[] { (HttpMethod.Get, Attempt), (HttpMethod.Put, Attempt), (HttpMethod.Delete, Attempt), (HttpMethod.Put, Update) })
        {
            var (status, body) = await _server.JsonAsync(method, path, new { }, token: "");
            Assert.Equal(403, status);
            Assert.Equal(["permission denied"], Errors(body));
        }

        var (invalid, _) = await _server.JsonAsync(HttpMethod.Get, Attempt, token: "hvs.AAAAAAAAAAAAAAAAAAAAAAAA");
        Assert.Equal(403, invalid);
    }

    [Fact]
    public async Task Ceremony_BatchTokens_NeedUpdateAndSudoOnThePath()
    {
        var (denied, _) = await _server.JsonAsync(HttpMethod.Get, Attempt, token: _batch);
        Assert.Equal(403, denied);

        var (_, started) = await JsonOkAsync(HttpMethod.Put, Attempt, new { }, _ceremonyBatch);
        var (status, _) = await _server.JsonAsync(HttpMethod.Get, Attempt, token: _ceremonyBatch);
        Assert.Equal(200, status);
        var (update, _) = await _server.JsonAsync(HttpMethod.Put, Update, new { key = _server.UnsealKeys[0], nonce = (string)started["nonce"]! }, _ceremonyBatch);
        Assert.Equal(200, update);
    }

    [Fact]
    public async Task Ceremony_EnabledUnauthenticatedAccess_NeedsNoToken()
    {
        await using var open = await StartAsync(new CoreOptions { UnauthenticatedAccess = new HashSet<string> { "generate-operation-token" } });

        var (status, body) = await open.JsonAsync(HttpMethod.Put, Attempt, new { }, token: "");
        Assert.Equal(200, status);
        var nonce = (string)body!["nonce"]!;
        var (update, _) = await open.JsonAsync(HttpMethod.Put, Update, new { key = open.UnsealKeys[0], nonce }, token: "");
        Assert.Equal(200, update);
        Assert.Equal(204, (await open.JsonAsync(HttpMethod.Delete, Attempt, token: "")).Status);
    }

    [Fact]
    public async Task Ceremony_GenerateRootOpenedOnly_StaysAuthenticated()
    {
        await using var server = await StartAsync(new CoreOptions { UnauthenticatedAccess = new HashSet<string> { "generate-root" } });

        var (status, _) = await server.JsonAsync(HttpMethod.Get, Attempt, token: "");

        Assert.Equal(403, status);
    }

    [Fact]
    public async Task Ceremony_NotADrSecondary_IsRefused()
    {
        await using var primary = await TestServer.StartUnsealedAsync();

        foreach (var (method, path) in new[] { (HttpMethod.Get, Attempt), (HttpMethod.Put, Attempt), (HttpMethod.Put, Update) })
        {
            var (status, body) = await primary.JsonAsync(method, path, new { });
            Assert.Equal(400, status);
            Assert.Equal(["Not a DR secondary."], Errors(body));
        }

        var (deleted, error) = await primary.JsonAsync(HttpMethod.Post, "sys/replication/dr/secondary/operation-token/delete", new { dr_operation_token = "x" }, token: "");
        Assert.Equal(400, deleted);
        Assert.Equal(["Not a DR secondary."], Errors(error));
    }

    [Fact]
    public async Task Ceremony_Sealed_Is503()
    {
        await _server.Core.SealAsync(CancellationToken.None);

        var (status, _) = await _server.JsonAsync(HttpMethod.Get, Attempt);

        Assert.Equal(503, status);
    }

    [Fact]
    public async Task RootAttemptRunning_DrCeremony_SharesTheSlot()
    {
        await using var server = await TestServer.StartAsync();
        await server.InitAndUnsealAsync(3, 2);
        var (_, root) = await server.JsonAsync(HttpMethod.Put, "sys/generate-root/attempt", new { });
        await server.JsonAsync(HttpMethod.Post, "sys/replication/dr/primary/enable", new { });
        await server.JsonAsync(HttpMethod.Post, "sys/replication/dr/primary/demote", new { });

        var (start, startError) = await server.JsonAsync(HttpMethod.Put, Attempt, new { });
        Assert.Equal(400, start);
        Assert.Equal(["root generation already in progress"], Errors(startError));
        var (update, updateError) = await server.JsonAsync(HttpMethod.Put, Update, new { key = server.UnsealKeys[0], nonce = (string)root!["nonce"]! });
        Assert.Equal(400, update);
        Assert.Equal(["incorrect strategy supplied; a generate root operation of another type is already in progress"], Errors(updateError));
    }

    [Fact]
    public async Task OperationTokenDelete_WithTheGeneratedToken_DeletesIt()
    {
        var token = await GenerateAsync();

        var (status, body) = await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/secondary/operation-token/delete", new { dr_operation_token = token }, token: "");
        Assert.True(status == 204, body?.ToJsonString());
        Assert.Null(await _storage.GetAsync(StoredTokenKey));

        var (again, refused) = await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/secondary/operation-token/delete", new { dr_operation_token = token }, token: "");
        Assert.Equal(403, again);
        Assert.Equal(["permission denied", DrReplication.UnknownOperationTokenMessage], Errors(refused));
    }

    [Fact]
    public async Task OperationTokenDelete_WithABatchToken_RevokesTheGeneratedToken()
    {
        var token = await GenerateAsync();

        var (status, body) = await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/secondary/operation-token/delete", new { dr_operation_token = _batch }, token: "");
        Assert.True(status == 204, body?.ToJsonString());

        var (use, _) = await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/secondary/update-primary", new { dr_operation_token = token, token = "" }, token: "");
        Assert.Equal(403, use);
    }

    [Fact]
    public async Task OperationTokenDelete_WithoutAToken_SaysSo()
    {
        var (status, body) = await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/secondary/operation-token/delete", new { }, token: "");

        Assert.Equal(400, status);
        Assert.Equal(["DR operation token was not provided"], Errors(body));
    }

    [Fact]
    public async Task DisableSecondary_DiscardsTheGeneratedToken()
    {
        await GenerateAsync();
        Assert.NotNull(await _storage.GetAsync(StoredTokenKey));

        var (status, body) = await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/secondary/disable", new { dr_operation_token = _batch }, token: "");

        Assert.True(status == 204, body?.ToJsonString());
        Assert.Null(await _storage.GetAsync(StoredTokenKey));
    }

    [Fact]
    public async Task GeneratedToken_NewCeremony_ReplacesThePreviousToken()
    {
        var first = await GenerateAsync();
        var second = await GenerateAsync();

        var (old, _) = await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/secondary/operation-token/delete", new { dr_operation_token = first }, token: "");
        Assert.Equal(403, old);
        var (current, body) = await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/secondary/operation-token/delete", new { dr_operation_token = second }, token: "");
        Assert.True(current == 204, body?.ToJsonString());
    }

    [Fact]
    public async Task Demote_LeftoverStoredToken_IsDiscarded()
    {
        var storage = new InMemoryBackend();
        await using var server = await TestServer.StartUnsealedAsync(storage);
        await storage.PutAsync(new PhysicalEntry(StoredTokenKey, System.Text.Encoding.UTF8.GetBytes("""{"version":1,"sha256":"00","created_at":"2020-01-01T00:00:00Z"}""")));
        await server.JsonAsync(HttpMethod.Post, "sys/replication/dr/primary/enable", new { });

        Assert.Equal(200, (await server.JsonAsync(HttpMethod.Post, "sys/replication/dr/primary/demote", new { })).Status);

        Assert.Null(await storage.GetAsync(StoredTokenKey));
    }

    private async Task<TestServer> StartAsync(CoreOptions options)
    {
        var storage = _server is null ? _storage : new InMemoryBackend();
        var server = await TestServer.StartAsync(storage, options);
        await server.InitAndUnsealAsync(5, 3);
        await server.JsonAsync(HttpMethod.Put, "sys/policies/acl/dr", new
        {
            policy = """
                path "sys/replication/dr/secondary/*" { capabilities = ["update"] }
                """,
        });
        await server.JsonAsync(HttpMethod.Put, "sys/policies/acl/ceremony", new
        {
            policy = """
                path "sys/replication/dr/secondary/generate-operation-token/*" { capabilities = ["update", "sudo"] }
                """,
        });
        var batch = await BatchTokenAsync(server, "dr");
        var ceremony = await BatchTokenAsync(server, "ceremony");
        if (_server is null)
        {
            _batch = batch;
            _ceremonyBatch = ceremony;
        }

        Assert.Equal(200, (await server.JsonAsync(HttpMethod.Post, "sys/replication/dr/primary/enable", new { })).Status);
        Assert.Equal(200, (await server.JsonAsync(HttpMethod.Post, "sys/replication/dr/primary/demote", new { })).Status);
        Assert.True(server.Core.Replication.IsSecondary);
        return server;
    }

    private static async Task<string> BatchTokenAsync(TestServer server, string policy)
    {
        await server.JsonAsync(HttpMethod.Post, "auth/token/roles/" + policy, new { allowed_policies = policy, orphan = true, renewable = false, token_type = "batch" });
        var (_, created) = await server.JsonAsync(HttpMethod.Post, "auth/token/create/" + policy, new { ttl = "1h" });
        return (string)created!["auth"]!["client_token"]!;
    }

    private async Task<string> GenerateAsync()
    {
        var otp = RootTokenEncoding.GenerateOtp(28);
        var (_, started) = await JsonOkAsync(HttpMethod.Put, Attempt, new { otp });
        return await CompleteAsync((string)started["nonce"]!, otp);
    }

    private async Task<string> CompleteAsync(string nonce, string otp)
    {
        JsonObject last = [];
        foreach (var key in _server.UnsealKeys.Skip(2))
        {
            last = (await JsonOkAsync(HttpMethod.Put, Update, new { key, nonce })).Body;
        }

        Assert.True((bool)last["complete"]!);
        return RootTokenEncoding.Decode((string)last["encoded_token"]!, otp);
    }

    private async Task<(int Status, JsonObject Body)> JsonOkAsync(HttpMethod method, string path, object? body = null, string? token = null)
    {
        var (status, response) = await _server.JsonAsync(method, path, body, token);
        Assert.True(status == 200, $"{method} {path}: {status} {response?.ToJsonString()}");
        return (status, response!);
    }

    private async Task<string?> ErrorAsync(HttpMethod method, string path, object body)
    {
        var (status, response) = await _server.JsonAsync(method, path, body);
        Assert.True(status == 400, $"{method} {path}: {status} {response?.ToJsonString()}");
        return (string?)response!["errors"]![0];
    }

    private static List<string?> Errors(JsonObject? body) => body!["errors"]!.AsArray().Select(e => (string?)e).ToList();

    private static void AssertStatusShape(JsonObject body) =>
        Assert.Equal(StatusFields.Order(StringComparer.Ordinal), body.Select(p => p.Key).Order(StringComparer.Ordinal));
}
