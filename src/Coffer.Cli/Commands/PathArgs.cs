namespace Coffer.Cli.Commands;

/// <summary>Path normalisation shared by the generic commands.</summary>
internal static class PathArgs
{
    /// <summary>Trims whitespace and leading and trailing slashes: <c>/secret/foo/</c> becomes <c>secret/foo</c>.</summary>
    public static string Sanitize(string path) => path.Trim().Trim('/');

    /// <summary>Ensures exactly the trailing slash a list or mount path carries.</summary>
    public static string WithTrailingSlash(string path)
    {
        var trimmed = path.Trim();
        return trimmed.Length == 0 || trimmed.EndsWith('/') ? trimmed : trimmed + "/";
    }
}
