namespace Coffer.Cli.Config;

/// <summary>
/// The default token helper: the token lives in <c>~/.vault-token</c> (plain text, mode 0600), the same
/// file <c>vault login</c> and <c>vault server -dev</c> use, so switching between the tools keeps the login.
/// </summary>
internal sealed class TokenHelper
{
    public const string FileName = ".vault-token";

    public TokenHelper(string homeDirectory) => FilePath = Path.Combine(homeDirectory, FileName);

    public string FilePath { get; }

    /// <summary>The stored token, or null when there is none.</summary>
    public string? Get()
    {
        if (!File.Exists(FilePath))
        {
            return null;
        }
        var token = File.ReadAllText(FilePath).Trim();
        return token.Length == 0 ? null : token;
    }

    public void Store(string token)
    {
        var directory = Path.GetDirectoryName(FilePath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        // Write a private temporary file and rename it, so a reader never sees a half-written token. The name is
        // unique to this write: two logins at once must not write, or rename away, each other's file.
        var temporary = $"{FilePath}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            using (var stream = new FileStream(temporary, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(token.Trim());
            }
            File.Move(temporary, FilePath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public void Erase()
    {
        if (File.Exists(FilePath))
        {
            File.Delete(FilePath);
        }
    }
}
