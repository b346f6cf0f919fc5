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
    private readonly List<(Regex Regex, string[] Fields, PathSpec Spec)> _paths;

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
        var (spec, captures) = Match(request.Path);
        if (spec?.ExistenceCheck is null)
        {
            return null;
        }

        var data = FieldData.Create(spec.Fields, request.Data, captures, acceptUnknown: true);
        return await spec.ExistenceCheck(request, data, cancellationToken).ConfigureAwait(false);
    }

    public async Task<LogicalResponse?> HandleAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        var (spec, captures) = Match(request.Path);
        if (request.Operation == Operation.Help)
        {
            return HelpResponse(spec);
        }

        if (spec is null)
        {
            throw new CofferException(ErrorKind.UnsupportedPath, "unsupported path");
        }

        var handler = HandlerFor(spec, request.Operation)
            ?? throw new CofferException(ErrorKind.UnsupportedOperation, "unsupported operation");
        var data = FieldData.Create(spec.Fields, request.Data, captures, spec.AcceptsUnknownFields);
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

    private (PathSpec? Spec, Dictionary<string, string> Captures) Match(string path)
    {
        foreach (var (regex, fields, spec) in _paths)
        {
            var match = regex.Match(path);
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

            return (spec, captures);
        }

        return (null, new Dictionary<string, string>());
    }

    // The named groups are the path's fields; numbered ones are the pattern's own. Listed once: GetGroupNames
    // allocates a new array on every call, and every request matches its path twice (existence check, handler).
    private static (Regex Regex, string[] Fields, PathSpec Spec) PathOf(Regex regex, PathSpec spec) =>
        (regex, regex.GetGroupNames().Where(name => !char.IsAsciiDigit(name[0])).ToArray(), spec);

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
