namespace Coffer.Cli.Output;

/// <summary>
/// Paragraph wrapping with minimal raggedness (the squared shortfall of every line but the last is
/// minimised, and overlong lines are heavily penalised), which is how the Go CLI lays out its prose.
/// A greedy wrapper breaks some of those paragraphs at different words.
/// </summary>
internal static class TextWrap
{
    public const int MaxLineLength = 78;
    private const long OverlongPenalty = 100_000;

    public static string WrapAtLength(string text) => WrapAtLength(text, 0);

    /// <summary>Wraps to <see cref="MaxLineLength"/> minus the padding, then indents every line by it.</summary>
    public static string WrapAtLength(string text, int padding)
    {
        var lines = Wrap(text, MaxLineLength - padding);
        var pad = new string(' ', padding);
        return string.Join("\n", lines.Select(line => pad + line));
    }

    public static IReadOnlyList<string> Wrap(string text, int limit)
    {
        var words = text.Trim().Replace('\n', ' ').Split(' ');
        var n = words.Length;
        var widths = words.Select(w => w.EnumerateRunes().Count()).ToArray();

        // lengthOf(i, j): width of words i..j joined by single spaces.
        var prefix = new long[n + 1];
        for (var i = 0; i < n; i++)
        {
            prefix[i + 1] = prefix[i] + widths[i];
        }
        long LengthOf(int i, int j) => prefix[j + 1] - prefix[i] + (j - i);

        var cost = new long[n];
        var breakAt = new int[n];
        for (var i = n - 1; i >= 0; i--)
        {
            if (LengthOf(i, n - 1) <= limit || i == n - 1)
            {
                cost[i] = 0;
                breakAt[i] = n;
                continue;
            }
            cost[i] = long.MaxValue;
            for (var j = i + 1; j < n; j++)
            {
                var length = LengthOf(i, j - 1);
                var shortfall = limit - length;
                var candidate = shortfall * shortfall + cost[j];
                if (length > limit)
                {
                    candidate += OverlongPenalty;
                }
                if (candidate < cost[i])
                {
                    cost[i] = candidate;
                    breakAt[i] = j;
                }
            }
        }

        var result = new List<string>();
        for (var i = 0; i < n; i = breakAt[i])
        {
            result.Add(string.Join(' ', words[i..breakAt[i]]));
        }
        return result;
    }
}
