namespace Coffer.Cli.Commands.Kv;

/// <summary>
/// Path arithmetic of the <c>kv</c> helper: a KV v2 engine serves each secret under an API prefix
/// (<c>data/</c>, <c>metadata/</c>, <c>delete/</c>, ...) placed between the mount and the key.
/// </summary>
internal static class KvPaths
{
    /// <summary>Inserts <paramref name="apiPrefix"/> after the mount: <c>secret/foo</c> → <c>secret/data/foo</c>.</summary>
    public static string AddPrefix(string path, string mountPath, string apiPrefix)
    {
        if (path == mountPath || path == mountPath.TrimEnd('/'))
        {
            return Join(mountPath, apiPrefix);
        }
        var rest = TrimPrefix(path, mountPath);
        // When the mount path carries leading segments the user did not type (a namespace),
        // drop them one by one until the mount matches the start of the path.
        while (rest == path)
        {
            var parts = mountPath.Split('/', 2);
            if (parts.Length <= 1 || parts[1].Length == 0)
            {
                break;
            }
            mountPath = parts[1].TrimEnd('/');
            rest = TrimPrefix(rest, mountPath);
        }
        return Join(mountPath, apiPrefix, rest);
    }

    /// <summary>Joins segments with slashes and cleans the result like Go's <c>path.Join</c>.</summary>
    public static string Join(params string[] parts)
    {
        var joined = string.Join('/', parts.Where(p => p.Length > 0));
        var rooted = joined.StartsWith('/');
        var stack = new List<string>();
        foreach (var segment in joined.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }
            if (segment == ".." && stack.Count > 0 && stack[^1] != "..")
            {
                stack.RemoveAt(stack.Count - 1);
                continue;
            }
            if (segment == ".." && rooted)
            {
                continue;
            }
            stack.Add(segment);
        }
        var result = string.Join('/', stack);
        return rooted ? "/" + result : result;
    }

    private static string TrimPrefix(string value, string prefix) =>
        prefix.Length > 0 && value.StartsWith(prefix, StringComparison.Ordinal) ? value[prefix.Length..] : value;
}
