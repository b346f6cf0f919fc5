using Coffer.Cli.Config;

namespace Coffer.Cli.Tests.Config;

public sealed class TokenHelperTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("coffer-helper-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public void Get_NoFile_ReturnsNull()
    {
        Assert.Null(new TokenHelper(_home).Get());
    }

    [Fact]
    public void Store_ThenGet_RoundTripsInVaultTokenFile()
    {
        var helper = new TokenHelper(_home);

        helper.Store("hvs.abcdefghijklmnopqrstuvwx");

        Assert.Equal(Path.Combine(_home, ".vault-token"), helper.FilePath);
        Assert.Equal("hvs.abcdefghijklmnopqrstuvwx", File.ReadAllText(helper.FilePath));
        Assert.Equal("hvs.abcdefghijklmnopqrstuvwx", helper.Get());
    }

    [Fact]
    public void Store_ManyAtOnce_EachSucceedsAndLeavesOneWholeTokenAndNoTemporaryFile()
    {
        var helper = new TokenHelper(_home);
        var tokens = Enumerable.Range(0, 200).Select(i => $"hvs.concurrent{i:D3}").ToList();

        // Scripts log in from parallel jobs; one login must not trip over another's temporary file.
        Parallel.ForEach(tokens, new ParallelOptions { MaxDegreeOfParallelism = 8 }, helper.Store);

        Assert.Contains(helper.Get(), tokens);
        Assert.Equal([helper.FilePath], Directory.GetFiles(_home));
    }

    [Fact]
    public void Get_FileWithSurroundingWhitespace_ReturnsTrimmedToken()
    {
        File.WriteAllText(Path.Combine(_home, ".vault-token"), "  root\n");

        Assert.Equal("root", new TokenHelper(_home).Get());
    }

    [Fact]
    public void Store_OnUnix_MakesFileReadableByOwnerOnly()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes only");
        var helper = new TokenHelper(_home);

        helper.Store("secret-token");

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(helper.FilePath));
        }
    }

    [Fact]
    public void Erase_RemovesTheStoredToken()
    {
        var helper = new TokenHelper(_home);
        helper.Store("t");

        helper.Erase();

        Assert.Null(helper.Get());
        Assert.False(File.Exists(helper.FilePath));
    }
}
