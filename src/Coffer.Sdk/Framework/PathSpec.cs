using Coffer.Sdk.Logical;

namespace Coffer.Sdk.Framework;

/// <summary>
/// One path of a backend, declared as data: a regular-expression pattern whose named groups are path fields,
/// the typed fields it accepts, a handler per operation, an optional existence check, and help.
/// </summary>
public sealed record PathSpec(string Pattern, IReadOnlyList<FieldSchema> Fields, IReadOnlyDictionary<Operation, PathHandler> Operations)
{
    public ExistenceCheck? ExistenceCheck { get; init; }

    public string Synopsis { get; init; } = string.Empty;

    public string Description { get; init; } = string.Empty;

    /// <summary>
    /// When true, fields that are not declared are passed through to the handler (e.g. KV v1 data);
    /// otherwise they are refused with a 400 that names them.
    /// </summary>
    public bool AcceptsUnknownFields { get; init; }
}
