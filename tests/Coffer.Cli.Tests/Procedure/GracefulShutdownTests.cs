using System.Diagnostics;
using Coffer.Testing.Processes;

namespace Coffer.Cli.Tests.Procedure;

/// <summary>
/// <c>coffer server</c> stops cleanly, with exit code 0, on SIGTERM and on SIGINT; also when started the way
/// <c>nohup</c> or a script's background job starts it, with SIGINT (and SIGHUP) ignored.
/// </summary>
[Trait("Category", "Process")]
public sealed class GracefulShutdownTests
{
    [Theory]
    [InlineData("TERM", false)]
    [InlineData("INT", false)]
    [InlineData("INT", true)]
    public async Task Server_OnSignal_ExitsCleanly(string signal, bool startedWithSignalsIgnored)
    {
        var port = CofferExecutable.FreeLoopbackPort();
        await using var server = await CofferServerProcess.StartAsync(
            ["-dev", $"-dev-listen-address=127.0.0.1:{port}", "-dev-no-store-token"], port, hangupAndInterruptIgnored: startedWithSignalsIgnored);
        using (var kill = Process.Start("kill", [$"-{signal}", server.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(0, exitCode);
    }
}
