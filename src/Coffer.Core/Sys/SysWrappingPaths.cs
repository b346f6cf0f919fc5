using System.Text.Json.Nodes;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Framework;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Sys;

/// <summary><c>sys/wrapping/wrap</c>, <c>lookup</c>, <c>unwrap</c> and <c>rewrap</c>.</summary>
internal static class SysWrappingPaths
{
    /// <summary>Vault wraps <c>sys/wrapping/wrap</c> input for five minutes when the client names no TTL.</summary>
    private static readonly TimeSpan DefaultWrapTtl = TimeSpan.FromMinutes(5);

    private static readonly FieldSchema Token = FieldSchema.String("token", "The wrapping token; the calling token when omitted.");

    public static IEnumerable<PathSpec> Create(CofferCore core) =>
    [
        new PathSpec("wrapping/wrap", [], Handlers.Of(Handlers.Write(async (request, data, ct) =>
        {
            if (data.Raw.Count == 0)
            {
                throw CofferException.BadRequest("no data provided");
            }

            var envelope = ResponseEnvelope.ToUtf8(new LogicalResponse { Data = (JsonObject)data.Raw.DeepClone() }, request.Id, "system");
            return await core.Wrapping.WrapAsync(envelope, "sys/wrapping/wrap", request.WrapTtl ?? DefaultWrapTtl, string.Empty, ct).ConfigureAwait(false);
        })))
        {
            AcceptsUnknownFields = true,
            Synopsis = "Response-wraps an arbitrary JSON object.",
        },
        new PathSpec("wrapping/lookup", [Token], Handlers.Of(
            (Operation.Update, (request, data, ct) => LookupAsync(core, request, data, ct)),
            (Operation.Read, (request, data, ct) => LookupAsync(core, request, data, ct))))
        {
            Synopsis = "Looks up the properties of a response-wrapped token.",
        },
        new PathSpec("wrapping/unwrap", [Token], Handlers.Of(Handlers.Write(async (request, data, ct) =>
        {
            var envelope = await core.Wrapping.UnwrapAsync(TokenOf(request, data), ct).ConfigureAwait(false);
            return new LogicalResponse { Raw = new RawResponse(200, "application/json", envelope) };
        })))
        {
            Synopsis = "Unwraps a response-wrapped token.",
        },
        new PathSpec("wrapping/rewrap", [Token], Handlers.Of(Handlers.Write(async (request, data, ct) =>
            await core.Wrapping.RewrapAsync(TokenOf(request, data), ct).ConfigureAwait(false))))
        {
            Synopsis = "Rotates a response-wrapped token to a new one with the same TTL.",
        },
    ];

    private static async Task<LogicalResponse?> LookupAsync(CofferCore core, LogicalRequest request, FieldData data, CancellationToken cancellationToken) =>
        new() { Data = await core.Wrapping.LookupAsync(TokenOf(request, data), cancellationToken).ConfigureAwait(false) };

    private static string TokenOf(LogicalRequest request, FieldData data)
    {
        var token = data.GetString("token");
        token = token.Length > 0 ? token : request.ClientToken;
        return token.Length > 0 ? token : throw CofferException.BadRequest("wrapping token is not valid or does not exist");
    }
}
