namespace Coffer.Cli.Commands.Operator;

/// <summary>
/// Reads the PGP public keys named by <c>-pgp-keys</c> style flags: a comma list of files, each holding a
/// base64 or binary key. <c>keybase:user</c> entries are passed through for the server to judge.
/// </summary>
internal static class PgpKeyFiles
{
    public static List<string> ReadList(string commaList) =>
        commaList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ReadOne).ToList();

    public static string ReadOne(string entry)
    {
        if (entry.StartsWith("keybase:", StringComparison.Ordinal))
        {
            return entry;
        }
        var bytes = File.ReadAllBytes(entry);
        var text = System.Text.Encoding.ASCII.GetString(bytes).Trim();
        try
        {
            Convert.FromBase64String(text);
            return text;
        }
        catch (FormatException)
        {
            return Convert.ToBase64String(bytes);
        }
    }
}
