namespace Coffer.Sdk.Logical;

/// <summary>
/// Paths (relative to the mount) with special treatment. An entry ending in '*' is a prefix.
/// </summary>
public sealed record SpecialPaths(IReadOnlyList<string> Unauthenticated, IReadOnlyList<string> Root)
{
    public static SpecialPaths None { get; } = new([], []);

    public static bool Matches(IReadOnlyList<string> patterns, string path)
    {
        foreach (var pattern in patterns)
        {
            if (pattern.EndsWith('*')
                ? path.StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal)
                : string.Equals(pattern, path, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
