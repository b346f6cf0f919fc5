using System.Text.Json.Nodes;
using Coffer.Builtin.Secrets.Kv;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Logical;
using Microsoft.Extensions.Time.Testing;

namespace Coffer.Builtin.Tests.Kv;

/// <summary>
/// One KV mount driven the way the router drives it: requests carry the mount's storage view, and a write
/// is turned into a create when the backend's existence check says the target is new.
/// </summary>
internal sealed class KvHarness
{
    /// <summary>A start time with a fraction, so that timestamps show their nanosecond part.</summary>
    public static readonly DateTimeOffset Start = new DateTimeOffset(2018, 3, 22, 2, 24, 6, TimeSpan.Zero).AddTicks(9_453_192);

    private KvHarness(string version)
    {
        Backend = KvEngine.Create(new JsonObject { ["version"] = version }, Time);
        Mount = new StorageView(Storage, "logical/8a9c0d2e-mount/");
    }

    public FakeTimeProvider Time { get; } = new(Start);

    /// <summary>The storage below the mount's view, counting writes.</summary>
    public CountingStorage Storage { get; } = new(new InMemoryStorage());

    public StorageView Mount { get; }

    public ILogicalBackend Backend { get; }

    /// <summary>The operation the backend last saw (create or update after the existence check).</summary>
    public Operation LastOperation { get; private set; }

    public static KvHarness V1() => new("1");

    public static KvHarness V2() => new("2");

    public static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

    public async Task<LogicalResponse?> SendAsync(Operation operation, string path, JsonObject? data = null) =>
        await HandleAsync(await CheckedAsync(operation, path, data));

    /// <summary>A request as the router leaves it after the existence check, before the backend handles it.</summary>
    public async Task<LogicalRequest> CheckedAsync(Operation operation, string path, JsonObject? data = null)
    {
        var request = new LogicalRequest(operation, path, data)
        {
            Storage = Mount,
            MountPoint = "secret/",
            MountType = "kv",
        };
        if (operation == Operation.Update && await Backend.ExistsAsync(request, TestContext.Current.CancellationToken) == false)
        {
            request.Operation = Operation.Create;
        }

        return request;
    }

    /// <summary>Hands a request from <see cref="CheckedAsync"/> to the backend.</summary>
    public Task<LogicalResponse?> HandleAsync(LogicalRequest request)
    {
        LastOperation = request.Operation;
        return Backend.HandleAsync(request, TestContext.Current.CancellationToken);
    }

    public Task<LogicalResponse?> ReadAsync(string path, JsonObject? query = null) => SendAsync(Operation.Read, path, query);

    public Task<LogicalResponse?> WriteAsync(string path, string json) => SendAsync(Operation.Update, path, Json(json));

    public Task<LogicalResponse?> PatchAsync(string path, string json) => SendAsync(Operation.Patch, path, Json(json));

    public Task<LogicalResponse?> DeleteAsync(string path) => SendAsync(Operation.Delete, path);

    public Task<LogicalResponse?> ListAsync(string path) => SendAsync(Operation.List, path);

    /// <summary>Writes <paramref name="data"/> as a new version of a v2 key.</summary>
    public Task<LogicalResponse?> PutSecretAsync(string key, string data) => WriteAsync("data/" + key, $$"""{"data":{{data}}}""");

    public async Task<JsonObject> MetadataAsync(string key) =>
        (await ReadAsync("metadata/" + key))?.Data ?? throw new InvalidOperationException($"no metadata for {key}");

    /// <summary>Runs a request that must fail, and returns the error.</summary>
    public static async Task<CofferException> FailsAsync(Func<Task> action) => await Assert.ThrowsAsync<CofferException>(action);
}
