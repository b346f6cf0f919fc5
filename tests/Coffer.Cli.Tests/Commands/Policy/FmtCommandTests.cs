using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests.Commands.Policy;

public sealed class FmtCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-fmt-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("not json\n")]
    [InlineData("path \"secret/*\" capabilities = [\"read\"]\n")]
    [InlineData("path \"secret/*\" { capabilities = [\"read\"] }\nname = \n")]
    public async Task TextThatIsNotAPolicy_Exits1AndLeavesTheFileAlone(string text)
    {
        var file = Path.Combine(_directory, "bad.hcl");
        await File.WriteAllTextAsync(file, text, TestContext.Current.CancellationToken);
        using var cli = new CliRunner();

        var result = await cli.RunAsync("policy", "fmt", file);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Failed to parse policy: ", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
        Assert.Equal(text, await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ValidPolicy_IsRewrittenInCanonicalLayout()
    {
        var file = Path.Combine(_directory, "ok.hcl");
        await File.WriteAllTextAsync(file, "path \"secret/*\" {\ncapabilities=[\"read\"]\n}\n", TestContext.Current.CancellationToken);
        using var cli = new CliRunner();

        var result = await cli.RunAsync("policy", "fmt", file);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"Success! Formatted policy: {file}\n", result.Stdout);
        Assert.Equal("path \"secret/*\" {\n  capabilities = [\"read\"]\n}\n", await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken));
    }
}
