namespace Coffer.Sdk.Framework;

/// <summary>Building blocks for path patterns, so every backend spells names and wildcards the same way.</summary>
public static class PathPatterns
{
    /// <summary>A name such as a role or policy: word characters, with '-' and '.' inside.</summary>
    public static string Name(string field) => $@"(?<{field}>\w(([\w\-.]+)?\w)?)";

    /// <summary>Everything to the end of the path, slashes included.</summary>
    public static string Rest(string field) => $"(?<{field}>.+)";

    /// <summary>Everything to the end of the path, possibly nothing.</summary>
    public static string OptionalRest(string field) => $"(?<{field}>.*)";

    public const string OptionalTrailingSlash = "/?";
}
