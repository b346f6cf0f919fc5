using System.Text.Json.Nodes;

namespace Coffer.Sdk.Framework;

/// <summary>One declared field of a path: its name, type, default and help text.</summary>
public sealed record FieldSchema(string Name, FieldType Type, string Description, JsonNode? Default = null)
{
    /// <summary>True when the value is a secret (never echoed in help examples or logs).</summary>
    public bool Sensitive { get; init; }

    public static FieldSchema String(string name, string description, string? defaultValue = null) =>
        new(name, FieldType.String, description, defaultValue is null ? null : JsonValue.Create(defaultValue));

    public static FieldSchema Int(string name, string description, long? defaultValue = null) =>
        new(name, FieldType.Int, description, defaultValue is null ? null : JsonValue.Create(defaultValue.Value));

    public static FieldSchema Bool(string name, string description, bool? defaultValue = null) =>
        new(name, FieldType.Bool, description, defaultValue is null ? null : JsonValue.Create(defaultValue.Value));

    public static FieldSchema Duration(string name, string description) => new(name, FieldType.Duration, description);

    public static FieldSchema StringList(string name, string description) => new(name, FieldType.StringList, description);

    public static FieldSchema Map(string name, string description) => new(name, FieldType.Map, description);

    public static FieldSchema StringMap(string name, string description) => new(name, FieldType.StringMap, description);

    public static FieldSchema Raw(string name, string description) => new(name, FieldType.Raw, description);
}
