using System.Text;

namespace Coffer.Cli.Commands.Policy;

/// <summary>
/// Canonical layout for HCL policy text, line by line: indentation of two spaces per open brace or
/// bracket, runs of spaces outside strings collapsed, one space on each side of an assignment, one
/// after a comma and before an opening brace, no trailing whitespace, at most one blank line in a
/// row, one final newline. Strings, comments and heredoc bodies are kept as written. Unbalanced
/// braces or an unterminated string are errors.
/// </summary>
internal static class PolicyFormatter
{
    public static string Format(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var output = new List<string>();
        var depth = 0;
        var inBlockComment = false;
        string? heredocEnd = null;
        var openedAt = new Stack<int>();

        for (var lineNumber = 1; lineNumber <= lines.Length; lineNumber++)
        {
            var line = lines[lineNumber - 1];
            if (heredocEnd is not null)
            {
                output.Add(line.TrimEnd());
                if (line.Trim() == heredocEnd)
                {
                    heredocEnd = null;
                }
                continue;
            }
            if (inBlockComment)
            {
                output.Add(line.TrimEnd());
                inBlockComment = !line.Contains("*/", StringComparison.Ordinal);
                continue;
            }

            var trimmed = line.Trim();
            if (trimmed.Length == 0)
            {
                if (output.Count > 0 && output[^1].Length > 0)
                {
                    output.Add("");
                }
                continue;
            }

            var scan = ScanLine(trimmed, lineNumber);
            var leadingClosers = trimmed.TakeWhile(c => c is '}' or ']').Count();
            var indent = Math.Max(0, depth - leadingClosers);
            output.Add(new string(' ', indent * 2) + scan.Normalized);

            foreach (var delta in scan.Nesting)
            {
                if (delta > 0)
                {
                    openedAt.Push(lineNumber);
                    depth++;
                }
                else
                {
                    if (depth == 0)
                    {
                        throw new FormatException($"line {lineNumber}: unexpected closing bracket");
                    }
                    openedAt.Pop();
                    depth--;
                }
            }
            inBlockComment = scan.OpensBlockComment;
            heredocEnd = scan.HeredocEnd;
        }

        if (heredocEnd is not null)
        {
            throw new FormatException($"heredoc is not terminated by \"{heredocEnd}\"");
        }
        if (depth > 0)
        {
            throw new FormatException($"line {openedAt.Peek()}: block or list is never closed");
        }
        while (output.Count > 0 && output[^1].Length == 0)
        {
            output.RemoveAt(output.Count - 1);
        }
        return output.Count == 0 ? "" : string.Join('\n', output) + "\n";
    }

    private sealed record LineScan(string Normalized, List<int> Nesting, bool OpensBlockComment, string? HeredocEnd);

    private static LineScan ScanLine(string line, int lineNumber)
    {
        var sb = new StringBuilder();
        var nesting = new List<int>();
        string? heredocEnd = null;
        var i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            if (c == '"')
            {
                var end = EndOfString(line, i, lineNumber);
                sb.Append(line, i, end - i + 1);
                i = end + 1;
                continue;
            }
            if (c == '#' || (c == '/' && i + 1 < line.Length && line[i + 1] == '/'))
            {
                sb.Append(line, i, line.Length - i);
                break;
            }
            if (c == '/' && i + 1 < line.Length && line[i + 1] == '*')
            {
                var close = line.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    sb.Append(line, i, line.Length - i);
                    return new LineScan(sb.ToString().TrimEnd(), nesting, true, null);
                }
                sb.Append(line, i, close + 2 - i);
                i = close + 2;
                continue;
            }
            if (c == '<' && i + 1 < line.Length && line[i + 1] == '<')
            {
                var marker = line[(i + 2)..].TrimStart('-').Trim();
                if (marker.Length > 0 && marker.All(ch => char.IsLetterOrDigit(ch) || ch == '_'))
                {
                    heredocEnd = marker;
                    sb.Append(line, i, line.Length - i);
                    break;
                }
            }
            switch (c)
            {
                case ' ' or '\t':
                    if (sb.Length > 0 && sb[^1] != ' ')
                    {
                        sb.Append(' ');
                    }
                    break;
                case '=' when !IsOperatorNeighbour(line, i):
                    while (sb.Length > 0 && sb[^1] == ' ')
                    {
                        sb.Length--;
                    }
                    sb.Append(" = ");
                    while (i + 1 < line.Length && line[i + 1] is ' ' or '\t')
                    {
                        i++;
                    }
                    break;
                case ',':
                    while (sb.Length > 0 && sb[^1] == ' ')
                    {
                        sb.Length--;
                    }
                    sb.Append(", ");
                    while (i + 1 < line.Length && line[i + 1] is ' ' or '\t')
                    {
                        i++;
                    }
                    break;
                case '{' or '[':
                    nesting.Add(1);
                    if (c == '{' && sb.Length > 0 && sb[^1] is not (' ' or '(' or '['))
                    {
                        sb.Append(' ');
                    }
                    sb.Append(c);
                    break;
                case '}' or ']':
                    nesting.Add(-1);
                    sb.Append(c);
                    break;
                default:
                    sb.Append(c);
                    break;
            }
            i++;
        }
        return new LineScan(sb.ToString().TrimEnd(), nesting, false, heredocEnd);
    }

    private static int EndOfString(string line, int start, int lineNumber)
    {
        for (var i = start + 1; i < line.Length; i++)
        {
            if (line[i] == '\\')
            {
                i++;
            }
            else if (line[i] == '"')
            {
                return i;
            }
        }
        throw new FormatException($"line {lineNumber}: unterminated string");
    }

    private static bool IsOperatorNeighbour(string line, int i) =>
        (i > 0 && line[i - 1] is '=' or '!' or '<' or '>') || (i + 1 < line.Length && line[i + 1] is '=' or '>');
}
