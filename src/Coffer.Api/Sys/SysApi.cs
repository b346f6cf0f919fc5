using System.Text.Json.Nodes;

namespace Coffer.Api.Sys;

/// <summary>Typed calls to the <c>sys/</c> endpoints the CLI needs, raw handlers included.</summary>
public sealed class SysApi
{
    // The Go client asks for 299 in every non-active state so that it can always read the body.
    private static readonly KeyValuePair<string, string>[] HealthCodes =
    [
        new("uninitcode", "299"),
        new("sealedcode", "299"),
        new("standbycode", "299"),
        new("drsecondarycode", "299"),
        new("performancestandbycode", "299"),
    ];

    private readonly CofferClient _client;

    internal SysApi(CofferClient client) => _client = client;

    public async Task<bool> InitStatusAsync(CancellationToken cancellationToken = default)
    {
        var obj = await RequireJsonAsync(HttpMethod.Get, "sys/init", null, null, cancellationToken).ConfigureAwait(false);
        return JsonFields.GetBool(obj, "initialized");
    }

    public async Task<InitResponse> InitAsync(InitRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var obj = await RequireJsonAsync(HttpMethod.Put, "sys/init", request.ToJson(), null, cancellationToken).ConfigureAwait(false);
        return InitResponse.Parse(obj);
    }

    public async Task<SealStatus> SealStatusAsync(CancellationToken cancellationToken = default) =>
        SealStatus.Parse(await RequireJsonAsync(HttpMethod.Get, "sys/seal-status", null, null, cancellationToken).ConfigureAwait(false));

    public async Task<SealStatus> UnsealAsync(string key, bool migrate = false, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["key"] = key, ["reset"] = false, ["migrate"] = migrate };
        return SealStatus.Parse(await RequireJsonAsync(HttpMethod.Put, "sys/unseal", body, null, cancellationToken).ConfigureAwait(false));
    }

    public async Task<SealStatus> ResetUnsealAsync(CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["reset"] = true };
        return SealStatus.Parse(await RequireJsonAsync(HttpMethod.Put, "sys/unseal", body, null, cancellationToken).ConfigureAwait(false));
    }

    public Task SealAsync(CancellationToken cancellationToken = default) =>
        _client.SendAsync(HttpMethod.Put, "sys/seal", null, null, cancellationToken);

    public async Task<HealthStatus> HealthAsync(CancellationToken cancellationToken = default) =>
        HealthStatus.Parse(await RequireJsonAsync(HttpMethod.Get, "sys/health", null, HealthCodes, cancellationToken).ConfigureAwait(false));

    public async Task<LeaderStatus> LeaderAsync(CancellationToken cancellationToken = default) =>
        LeaderStatus.Parse(await RequireJsonAsync(HttpMethod.Get, "sys/leader", null, null, cancellationToken).ConfigureAwait(false));

    public async Task<GenerateRootStatus> GenerateRootStatusAsync(GenerateRootKind kind, CancellationToken cancellationToken = default) =>
        GenerateRootStatus.Parse(await RequireJsonAsync(HttpMethod.Get, AttemptPath(kind), null, null, cancellationToken).ConfigureAwait(false));

    /// <summary>Starts an attempt. With neither an OTP nor a PGP key the server generates the OTP and returns it once.</summary>
    public async Task<GenerateRootStatus> GenerateRootInitAsync(GenerateRootKind kind, string otp, string pgpKey, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["otp"] = otp ?? "", ["pgp_key"] = pgpKey ?? "" };
        return GenerateRootStatus.Parse(await RequireJsonAsync(HttpMethod.Put, AttemptPath(kind), body, null, cancellationToken).ConfigureAwait(false));
    }

    public async Task<GenerateRootStatus> GenerateRootUpdateAsync(GenerateRootKind kind, string key, string nonce, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["key"] = key, ["nonce"] = nonce };
        return GenerateRootStatus.Parse(await RequireJsonAsync(HttpMethod.Put, UpdatePath(kind), body, null, cancellationToken).ConfigureAwait(false));
    }

    public Task GenerateRootCancelAsync(GenerateRootKind kind, CancellationToken cancellationToken = default) =>
        _client.SendAsync(HttpMethod.Delete, AttemptPath(kind), null, null, cancellationToken);

    public async Task<KeyStatus> KeyStatusAsync(CancellationToken cancellationToken = default)
    {
        var secret = await _client.SendAsync(HttpMethod.Get, "sys/key-status", null, null, cancellationToken).ConfigureAwait(false);
        return KeyStatus.Parse(secret?.Data ?? []);
    }

    public Task RotateAsync(CancellationToken cancellationToken = default) =>
        _client.SendAsync(HttpMethod.Put, "sys/rotate", null, null, cancellationToken);

    public static string AttemptPath(GenerateRootKind kind) => BasePath(kind) + "/attempt";

    public static string UpdatePath(GenerateRootKind kind) => BasePath(kind) + "/update";

    private static string BasePath(GenerateRootKind kind) => kind switch
    {
        GenerateRootKind.Root => "sys/generate-root",
        GenerateRootKind.DrOperationToken => "sys/replication/dr/secondary/generate-operation-token",
        GenerateRootKind.Recovery => "sys/generate-recovery-token",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private async Task<JsonObject> RequireJsonAsync(HttpMethod method, string path, JsonObject? body,
        IEnumerable<KeyValuePair<string, string>>? query, CancellationToken cancellationToken) =>
        await _client.SendForJsonAsync(method, path, body, query, cancellationToken).ConfigureAwait(false) ?? [];
}
