using Coffer.Core;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Logical;

namespace Coffer.Server.Http;

/// <summary><c>/v1/{path}</c>: everything that goes through the core's request pipeline.</summary>
internal sealed class LogicalEndpoint(CofferCore core)
{
    public async Task HandleAsync(HttpContext context, string path)
    {
        var request = await RequestParser.ParseAsync(context, path, context.RequestAborted).ConfigureAwait(false);
        await using var body = request.Body;
        var response = await core.HandleRequestAsync(request, context.RequestAborted).ConfigureAwait(false);
        if (request.Operation == Operation.Help && response?.Data is { } help)
        {
            await VaultResponseWriter.WriteJsonAsync(context, StatusCodes.Status200OK, help).ConfigureAwait(false);
            return;
        }

        if (response is null && request.Operation is not (Operation.Read or Operation.List))
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        if (response is null || IsEmptyRead(request.Operation, response))
        {
            // Vault: a read with no data, or a list with no keys, is a 404 with an empty error list.
            throw CofferException.NotFound();
        }

        await VaultResponseWriter.WriteLogicalAsync(context, request, response).ConfigureAwait(false);
    }

    private static bool IsEmptyRead(Operation operation, LogicalResponse response) => operation switch
    {
        Operation.List => response.Warnings.Count == 0 && (response.Data is null || response.Data["keys"] is not System.Text.Json.Nodes.JsonArray { Count: > 0 }),
        Operation.Read => response.Data is null && response.Auth is null && response.Raw is null && response.WrapInfo is null && response.Warnings.Count == 0,
        _ => false,
    };
}
