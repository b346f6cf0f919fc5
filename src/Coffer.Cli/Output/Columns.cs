using System.Text;

namespace Coffer.Cli.Output;

/// <summary>
/// Aligned columns: cells trimmed, an empty cell shown as <c>n/a</c>, every column but the last padded
/// to its widest cell and followed by four spaces.
/// </summary>
internal static class Columns
{
    private const string Glue = "    ";
    private const string EmptyCell = "n/a";

    /// <summary>Rows without a header.</summary>
    public static string Format(IEnumerable<IReadOnlyList<string>> rows)
    {
        var cells = rows.Select(r => r.Select(c => c.Trim() is { Length: > 0 } t ? t : EmptyCell).ToArray()).ToList();
        if (cells.Count == 0)
        {
            return "";
        }
        var widths = new List<int>();
        foreach (var row in cells)
        {
            for (var i = 0; i < row.Length; i++)
            {
                var width = VisibleWidth(row[i]);
                if (widths.Count <= i)
                {
                    widths.Add(width);
                }
                else if (widths[i] < width)
                {
                    widths[i] = width;
                }
            }
        }
        var sb = new StringBuilder();
        for (var r = 0; r < cells.Count; r++)
        {
            var row = cells[r];
            for (var i = 0; i < row.Length; i++)
            {
                sb.Append(row[i]);
                if (i < row.Length - 1)
                {
                    sb.Append(' ', widths[i] - VisibleWidth(row[i])).Append(Glue);
                }
            }
            if (r < cells.Count - 1)
            {
                sb.Append('\n');
            }
        }
        return sb.ToString();
    }

    /// <summary>A header row, a row of dashes as long as each header word, then the rows.</summary>
    public static string Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var underline = header.Select(h => new string('-', VisibleWidth(h.Trim()))).ToArray();
        return Format(new[] { header, underline }.Concat(rows));
    }

    private static int VisibleWidth(string text) => text.EnumerateRunes().Count();
}
