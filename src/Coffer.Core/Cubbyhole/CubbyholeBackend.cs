using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Framework;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Cubbyhole;

/// <summary>
/// <c>cubbyhole/</c>: a private key/value space per token, reachable only with that token and destroyed with it.
/// Each token's data lives under its cubbyhole id, which is never shown to anyone.
/// </summary>
internal sealed class CubbyholeBackend : FrameworkBackend
{
    public CubbyholeBackend(CofferCore core)
        : base(
            [
                new PathSpec("(?<path>.*)", [FieldSchema.String("path", "Path within the cubbyhole.")], Handlers.Of(
                    (Operation.Read, (request, data, ct) => ReadAsync(core, request, data.GetString("path"), ct)),
                    (Operation.Create, (request, data, ct) => WriteAsync(core, request, data, ct)),
                    (Operation.Update, (request, data, ct) => WriteAsync(core, request, data, ct)),
                    (Operation.Delete, (request, data, ct) => DeleteAsync(core, request, data.GetString("path"), ct)),
                    (Operation.List, (request, data, ct) => ListAsync(core, request, data.GetString("path"), ct))))
                {
                    AcceptsUnknownFields = true,
                    Synopsis = "Pass-through secret storage to a token-specific cubbyhole.",
                    ExistenceCheck = async (request, data, ct) =>
                        await (await StorageOf(core, request, ct).ConfigureAwait(false)).GetAsync(data.GetString("path"), ct).ConfigureAwait(false) is not null,
                },
            ],
            "The cubbyhole backend reads and writes arbitrary secrets to a storage area private to the token used.")
    {
    }

    /// <summary>The caller's own cubbyhole: a view keyed by the token's cubbyhole id.</summary>
    private static async Task<IStorage> StorageOf(CofferCore core, LogicalRequest request, CancellationToken cancellationToken)
    {
        var caller = await core.AuthenticateAsync(request.ClientToken, cancellationToken).ConfigureAwait(false);
        if (caller.CubbyholeId.Length == 0)
        {
            throw CofferException.BadRequest("cubbyhole is not available to batch tokens");
        }

        return new StorageView(request.Storage!, caller.CubbyholeId + "/");
    }

    private static async Task<LogicalResponse?> ReadAsync(CofferCore core, LogicalRequest request, string path, CancellationToken cancellationToken)
    {
        var storage = await StorageOf(core, request, cancellationToken).ConfigureAwait(false);
        var entry = await storage.GetAsync(Validate(path), cancellationToken).ConfigureAwait(false);
        return entry is null ? null : new LogicalResponse { Data = JsonNode.Parse(entry.Value)!.AsObject() };
    }

    private static async Task<LogicalResponse?> WriteAsync(CofferCore core, LogicalRequest request, FieldData data, CancellationToken cancellationToken)
    {
        var path = Validate(data.GetString("path"));
        var values = (JsonObject)data.Raw.DeepClone();
        values.Remove("path");
        if (values.Count == 0)
        {
            throw CofferException.BadRequest("missing data fields");
        }

        var storage = await StorageOf(core, request, cancellationToken).ConfigureAwait(false);
        await storage.PutAsync(new StorageEntry(path, JsonSerializer.SerializeToUtf8Bytes(values)), cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static async Task<LogicalResponse?> DeleteAsync(CofferCore core, LogicalRequest request, string path, CancellationToken cancellationToken)
    {
        var storage = await StorageOf(core, request, cancellationToken).ConfigureAwait(false);
        await storage.DeleteAsync(Validate(path), cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static async Task<LogicalResponse?> ListAsync(CofferCore core, LogicalRequest request, string path, CancellationToken cancellationToken)
    {
        var storage = await StorageOf(core, request, cancellationToken).ConfigureAwait(false);
        return LogicalResponse.ListOf(await storage.ListAsync(path, cancellationToken).ConfigureAwait(false));
    }

    private static string Validate(string path) =>
        path.Length == 0 || path.EndsWith('/') ? throw CofferException.BadRequest("missing path") : path;
}
