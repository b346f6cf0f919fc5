using System.Diagnostics;
using Coffer.Testing.Processes;

namespace Coffer.Cli.Tests.Procedure;

/// <summary><c>coffer server</c> stops cleanly, with exit code 0, on SIGTERM and on SIGINT.</summary>
[Trait("Category", "Process")]
public sealed class GracefulShutdownTests
{
    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Server_OnSignal_ExitsCleanly(string signal)
    {
        var port = CofferExecutable.FreeLoopbackPort();
        await using var server = await CofferServerProcess.StartAsync(
            ["-dev", $"-dev-listen-address=127.0.0.1:{port}", "-dev-no-store-token"], port);
        using (var kill = Process.Start("kill", [$"-{signal}", server.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(0, exitCode);
    }
}
