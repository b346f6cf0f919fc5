using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Logical;

namespace Coffer.Sdk.Framework;

/// <summary>
/// A backend made of declared <see cref="PathSpec"/>s: it matches the path, validates the fields, runs the
/// existence check, dispatches the operation, and answers <c>?help=1</c>. Every backend is one of these.
/// </summary>
public class FrameworkBackend : ILogicalBackend
{
    private readonly List<MatchablePath> _paths;

    public FrameworkBackend(IEnumerable<PathSpec> paths, string help, SpecialPaths? specialPaths = null)
    {
        _paths = paths.Select(p => PathOf(new Regex("^" + p.Pattern + "$", RegexOptions.Compiled | RegexOptions.CultureInvariant), p)).ToList();
        Help = help;
        SpecialPaths = specialPaths ?? SpecialPaths.None;
    }

    public string Help { get; }

    public SpecialPaths SpecialPaths { get; }

    public async Task<bool?> ExistsAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        var (path, captures) = MatchOf(request);
        if (path?.Spec.ExistenceCheck is not { } existenceCheck)
        {
            return null;
        }

        var data = FieldData.Create(path.Schema, request.Data, captures, acceptUnknown: true);
        return await existenceCheck(request, data, cancellationToken).ConfigureAwait(false);
    }

    public async Task<LogicalResponse?> HandleAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        var (path, captures) = MatchOf(request);
        if (request.Operation == Operation.Help)
        {
            return HelpResponse(path?.Spec);
        }

        if (path is null)
        {
            throw new CofferException(ErrorKind.UnsupportedPath, "unsupported path");
        }

        var handler = HandlerFor(path.Spec, request.Operation)
            ?? throw new CofferException(ErrorKind.UnsupportedOperation, "unsupported operation");
        var data = FieldData.Create(path.Schema, request.Data, captures, path.Spec.AcceptsUnknownFields);
        return await handler(request, data, cancellationToken).ConfigureAwait(false);
    }

    private static PathHandler? HandlerFor(PathSpec spec, Operation operation)
    {
        if (spec.Operations.TryGetValue(operation, out var handler))
        {
            return handler;
        }

        // A path that only declares "update" treats a create the same way, as Vault's paths without
        // an existence check do.
        return operation == Operation.Create && spec.ExistenceCheck is null
            ? spec.Operations.GetValueOrDefault(Operation.Update)
            : null;
    }

    /// <summary>The request's route: matched once, by whichever of the existence check and the handler runs first.</summary>
    private (MatchablePath? Path, Dictionary<string, string> Captures) MatchOf(LogicalRequest request)
    {
        if (request.RouteMatch is RouteMatch match && ReferenceEquals(match.Backend, this) && ReferenceEquals(match.RequestPath, request.Path))
        {
            return (match.Path, match.Captures);
        }

        var (path, captures) = Match(request.Path);
        request.RouteMatch = new RouteMatch(this, request.Path, path, captures);
        return (path, captures);
    }

    private (MatchablePath? Path, Dictionary<string, string> Captures) Match(string requestPath)
    {
        foreach (var path in _paths)
        {
            var (regex, fields) = (path.Regex, path.Fields);
            var match = regex.Match(requestPath);
            if (!match.Success)
            {
                continue;
            }

            var captures = new Dictionary<string, string>(fields.Length, StringComparer.Ordinal);
            foreach (var name in fields)
            {
                if (match.Groups[name].Success)
                {
                    captures[name] = match.Groups[name].Value;
                }
            }

            return (path, captures);
        }

        return (null, new Dictionary<string, string>());
    }

    // The named groups are the path's fields; numbered ones are the pattern's own. Listed once, as is the schema by
    // name: GetGroupNames allocates a new array on every call.
    private static MatchablePath PathOf(Regex regex, PathSpec spec) =>
        new(regex, regex.GetGroupNames().Where(name => !char.IsAsciiDigit(name[0])).ToArray(), FieldData.SchemaOf(spec.Fields), spec);

    private sealed record MatchablePath(Regex Regex, string[] Fields, Dictionary<string, FieldSchema> Schema, PathSpec Spec);

    /// <summary>A request's match, valid for this backend and this exact path string (a router that rewrites the path makes a new one).</summary>
    private sealed record RouteMatch(FrameworkBackend Backend, string RequestPath, MatchablePath? Path, Dictionary<string, string> Captures);

    private LogicalResponse HelpResponse(PathSpec? spec)
    {
        var text = spec is null
            ? Help
            : $"## DESCRIPTION\n\n{spec.Synopsis}\n\n{spec.Description}\n\n## PARAMETERS\n\n" +
              string.Join("\n", spec.Fields.Select(f => $"    {f.Name} ({f.Type.ToString().ToLowerInvariant()})\n        {f.Description}\n"));
        var fields = new JsonObject();
        if (spec is not null)
        {
            foreach (var field in spec.Fields)
            {
                fields[field.Name] = new JsonObject
                {
                    ["type"] = field.Type.ToString().ToLowerInvariant(),
                    ["description"] = field.Description,
                };
            }
        }

        return new LogicalResponse
        {
            Data = new JsonObject
            {
                ["help"] = text,
                ["openapi"] = new JsonObject { ["parameters"] = fields },
            },
        };
    }
}
