namespace Coffer.Sdk.Physical;

/// <summary>The one definition of "list the children of a prefix" that every backend shares.</summary>
public static class KeyListing
{
    /// <summary>
    /// From ordinally sorted <paramref name="sortedKeys"/>, the direct children of <paramref name="prefix"/>:
    /// the remainder after the prefix, cut after its first '/', without duplicates, in ordinal order.
    /// </summary>
    public static IReadOnlyList<string> Children(IEnumerable<string> sortedKeys, string prefix)
    {
        var result = new List<string>();
        string? last = null;
        foreach (var key in sortedKeys)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
            {
                if (string.CompareOrdinal(key, prefix) > 0)
                {
                    break;
                }

                continue;
            }

            var rest = key.Substring(prefix.Length);
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var child = slash < 0 ? rest : rest.Substring(0, slash + 1);
            if (child.Length == 0 || child == last)
            {
                continue;
            }

            result.Add(child);
            last = child;
        }

        // Keys under one folder are contiguous in sorted input, so skipping repeats of the last child de-duplicates;
        // the sort keeps the documented order even for unusual characters sorting around '/'.
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    /// <summary>
    /// The same children, from a source that can find its first key at or after any key (<paramref name="firstKeyFrom"/>,
    /// null past the last key). Each child costs one such seek: a folder's contents are jumped over, not walked, so a
    /// listing costs its children rather than every key below the prefix or before it.
    /// </summary>
    public static IReadOnlyList<string> Children(Func<string, string?> firstKeyFrom, string prefix)
    {
        ArgumentNullException.ThrowIfNull(firstKeyFrom);
        ArgumentNullException.ThrowIfNull(prefix);
        var result = new List<string>();
        var from = prefix;
        while (firstKeyFrom(from) is { } key && key.StartsWith(prefix, StringComparison.Ordinal))
        {
            var slash = key.IndexOf('/', prefix.Length);
            if (slash < 0)
            {
                if (key.Length > prefix.Length)
                {
                    result.Add(key[prefix.Length..]);
                }

                // The smallest key after this one.
                from = key + '\0';
            }
            else
            {
                result.Add(key[prefix.Length..(slash + 1)]);

                // '0' follows '/', so this is past every key in the folder.
                from = key[..slash] + '0';
            }
        }

        result.Sort(StringComparer.Ordinal);
        return result;
    }
}
