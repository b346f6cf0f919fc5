namespace Coffer.Server.Hosting;

/// <summary>Vault's default token helper: the token in <c>~/.vault-token</c>, readable only by its owner.</summary>
public static class TokenHelperFile
{
    public static string DefaultPath =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".vault-token");

    public static void Store(string token, string? path = null)
    {
        path ??= DefaultPath;
        File.WriteAllText(path, token);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
