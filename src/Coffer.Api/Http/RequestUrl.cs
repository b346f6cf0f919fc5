using System.Text;

namespace Coffer.Api.Http;

/// <summary>
/// Builds request URLs the way the Go client does, so that the URL printed in an error is the one an
/// operator would see from <c>vault</c>: the request path is cleaned (duplicate and trailing slashes
/// dropped, dot segments resolved), escaped with the path rules of Go's <c>net/url</c>, and query
/// parameters are sorted by key.
/// </summary>
internal static class RequestUrl
{
    public static string Build(Uri baseAddress, string apiPath, IEnumerable<KeyValuePair<string, string>>? query)
    {
        var fullPath = CleanPath(baseAddress.AbsolutePath.TrimEnd('/') + "/v1/" + apiPath);
        var sb = new StringBuilder();
        sb.Append(baseAddress.Scheme).Append("://").Append(baseAddress.Authority);
        sb.Append(EscapePath(fullPath));
        var encodedQuery = EncodeQuery(query);
        if (encodedQuery.Length > 0)
        {
            sb.Append('?').Append(encodedQuery);
        }
        return sb.ToString();
    }

    /// <summary>Lexical path cleaning of a rooted path: the rules of Go's <c>path.Clean</c>.</summary>
    public static string CleanPath(string path)
    {
        var stack = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            switch (segment)
            {
                case "":
                case ".":
                    break;
                case "..":
                    if (stack.Count > 0)
                    {
                        stack.RemoveAt(stack.Count - 1);
                    }
                    break;
                default:
                    stack.Add(segment);
                    break;
            }
        }
        return "/" + string.Join('/', stack);
    }

    public static string EscapePath(string path) => Escape(path, KeepInPath);

    public static string EncodeQuery(IEnumerable<KeyValuePair<string, string>>? query)
    {
        if (query is null)
        {
            return "";
        }
        // Stable sort by key keeps repeated keys in the order given, as url.Values.Encode does.
        var parts = query
            .Select((pair, index) => (pair, index))
            .OrderBy(x => x.pair.Key, StringComparer.Ordinal)
            .ThenBy(x => x.index)
            .Select(x => EscapeQueryComponent(x.pair.Key) + "=" + EscapeQueryComponent(x.pair.Value));
        return string.Join('&', parts);
    }

    private static string EscapeQueryComponent(string value) => Escape(value, IsUnreserved).Replace("%20", "+", StringComparison.Ordinal);

    private static bool IsUnreserved(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '-' or '_' or '.' or '~';

    private static bool KeepInPath(char c) => IsUnreserved(c) || c is '$' or '&' or '+' or ',' or '/' or ':' or ';' or '=' or '@';

    private static string Escape(string value, Func<char, bool> keep)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (b < 0x80 && keep(c))
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return sb.ToString();
    }
}
