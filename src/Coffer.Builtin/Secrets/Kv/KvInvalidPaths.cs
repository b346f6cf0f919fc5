using Coffer.Sdk.Framework;
using Coffer.Sdk.Logical;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>
/// Everything else below a KV v2 mount, such as <c>secret/foo</c> instead of <c>secret/data/foo</c>: a 404
/// whose warning names the <c>vault kv</c> command to use, as Vault answers (clients look for this text to
/// detect a version 2 mount). Declared last so that every real path matches first.
/// </summary>
internal static class KvInvalidPaths
{
    private static readonly string[] ApiRoots = ["metadata", "data", "delete", "undelete", "destroy"];

    public static PathSpec Create() => new(
        ".*",
        [],
        Handlers.Of(
            (Operation.Read, Answer),
            (Operation.Update, Answer),
            (Operation.Patch, Answer),
            (Operation.Delete, Answer),
            (Operation.List, Answer)))
    {
        // Whatever a misdirected write carries, the answer is the warning, not a complaint about its fields.
        AcceptsUnknownFields = true,
        Synopsis = "Not a path of the versioned key-value store.",
        Description = "Secrets live below data/ and their metadata below metadata/; the kv commands of the CLI add these prefixes.",
    };

    private static Task<LogicalResponse?> Answer(LogicalRequest request, FieldData data, CancellationToken cancellationToken)
    {
        if (ApiRoots.Contains(request.Path, StringComparer.Ordinal))
        {
            return Task.FromResult<LogicalResponse?>(
                KvNotFound.WithBody(request, null, "Non-listing operations on the root of a K/V v2 mount are not supported."));
        }

        var command = request.Operation switch
        {
            Operation.Create or Operation.Update => "put",
            Operation.Patch => "patch",
            Operation.Read => "get",
            Operation.List => "list",
            Operation.Delete => "delete",
            _ => string.Empty,
        };
        return Task.FromResult<LogicalResponse?>(KvNotFound.WithBody(
            request,
            null,
            "Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use. " +
            $"If using the Vault CLI, use 'vault kv {command}' for this operation."));
    }
}
