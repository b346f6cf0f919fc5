using System.Text.Json.Nodes;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Kv;

/// <summary>The section headers of KV table output: <c>== Secret Path ==</c>, <c>=== Data ===</c>.</summary>
internal static class KvOutput
{
    public static void PrintPath(Ui ui, string path, string title)
    {
        ui.Output(PadEqualSigns(title, path.Length));
        ui.Output(path);
        ui.Output("");
    }

    /// <summary>A header as wide as the table below it will be (longest key, four spaces, "Value").</summary>
    public static string HeaderFor(string title, JsonObject? data)
    {
        var longestKey = data is null || data.Count == 0 ? 0 : data.Max(p => p.Key.Length);
        return PadEqualSigns(title, longestKey + 4 + 5);
    }

    public static string PadEqualSigns(string header, int totalLength)
    {
        var count = totalLength - (header.Length + 2);
        if (count <= 0)
        {
            count = 4;
        }
        if (count % 2 != 0)
        {
            count++;
        }
        var side = new string('=', count / 2);
        return side + " " + header + " " + side;
    }
}
