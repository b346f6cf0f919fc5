using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests.Commands;

public sealed class HelpTests
{
    [Fact]
    public async Task NoArguments_PrintsMainHelpToStderrAndExits127()
    {
        using var cli = new CliRunner();

        var result = await cli.RunAsync();

        Assert.Equal(127, result.ExitCode);
        Assert.StartsWith("Usage: coffer <command> [args]\n\nCommon commands:\n    read  ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("\nOther commands:\n", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCommand_Exits127()
    {
        using var cli = new CliRunner();

        var result = await cli.RunAsync("frobnicate");

        Assert.Equal(127, result.ExitCode);
    }

    [Fact]
    public async Task GroupWithoutSubcommand_ListsSubcommandsAndExits1()
    {
        using var cli = new CliRunner();

        var result = await cli.RunAsync("token");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Subcommands:\n    capabilities    ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("\n    create          Mint a token\n", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpCommand_ForASubcommand_PrintsItsUsageAndFlags()
    {
        using var cli = new CliRunner();

        var result = await cli.RunAsync("help", "token", "create");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Usage: coffer token create [options]", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("\n  -role=<string>\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("\nHTTP Options:\n", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-h")]
    [InlineData("-help")]
    [InlineData("--help")]
    public async Task HelpFlag_AnywhereInCommand_PrintsHelpAndExits0(string flag)
    {
        using var cli = new CliRunner();

        var result = await cli.RunAsync("operator", "generate-root", "-dr-token", flag);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Usage: coffer operator generate-root", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_PrintsCofferVersion()
    {
        using var cli = new CliRunner();

        var result = await cli.RunAsync("-version");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Coffer v", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryCommand_HasSynopsisAndUsageAndParsesHelpText()
    {
        foreach (var entry in CommandTree.Default.Entries)
        {
            Assert.False(string.IsNullOrWhiteSpace(entry.Synopsis), entry.Path);
            if (entry.Factory is not null)
            {
                Assert.StartsWith("Usage: coffer " + entry.Path, entry.Factory().Help(), StringComparison.Ordinal);
            }
            else
            {
                Assert.StartsWith("Usage: coffer " + entry.Path + " <subcommand>", CommandTree.Default.GroupHelp(entry), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task UnknownFlag_IsUsageError()
    {
        using var cli = new CliRunner();

        var result = await cli.RunAsync("status", "-bogus");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("flag provided but not defined: -bogus\n", result.Stderr);
    }
}
