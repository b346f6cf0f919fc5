namespace Coffer.Sdk.Framework;

/// <summary>The declared type of a request field; the framework converts and validates input to it.</summary>
public enum FieldType
{
    String,
    Int,
    Bool,
    /// <summary>Go duration string or integer seconds; read as a <see cref="TimeSpan"/>.</summary>
    Duration,
    /// <summary>A JSON array of strings or one comma-separated string.</summary>
    StringList,
    /// <summary>A JSON object with any values.</summary>
    Map,
    /// <summary>A JSON object with string values, or a list of <c>k=v</c> strings.</summary>
    StringMap,
    /// <summary>Any JSON value, passed through unchanged.</summary>
    Raw,
}
