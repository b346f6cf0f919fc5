using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Coffer.Testing.Processes;

namespace Coffer.Cli.Tests.Procedure;

/// <summary>
/// Log rotation as logrotate does it by default: rename the audit file, create an empty one in its place, send SIGHUP.
/// The server keeps running and writes the following lines to the new file; also when it was started under
/// <c>nohup</c>, which leaves SIGHUP ignored.
/// </summary>
[Trait("Category", "Process")]
public sealed class AuditRotationTests
{
    private const string RootToken = "rotation-root";

    [Theory(Timeout = 60_000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Sighup_AfterRenameAndCreate_ReopensTheAuditFile(bool startedWithHangupIgnored)
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = Directory.CreateTempSubdirectory("coffer-audit-rotation-");
        try
        {
            var auditPath = Path.Combine(directory.FullName, "audit.log");
            var rotatedPath = auditPath + ".1";
            var port = CofferExecutable.FreeLoopbackPort();
            await using var server = await CofferServerProcess.StartAsync(
                ["-dev", $"-dev-listen-address=127.0.0.1:{port}", $"-dev-root-token-id={RootToken}", "-dev-no-store-token"],
                port,
                hangupAndInterruptIgnored: startedWithHangupIgnored);
            using var http = new HttpClient { BaseAddress = new Uri(server.Address + "/v1/") };
            http.DefaultRequestHeaders.Add("X-Vault-Token", RootToken);
            (await http.PutAsJsonAsync("sys/audit/rotation", new { type = "file", options = new { file_path = auditPath } }, ct)).EnsureSuccessStatusCode();
            await WriteMarkerAsync(http, "before-rotation", ct);

            File.Move(auditPath, rotatedPath);
            await File.WriteAllTextAsync(auditPath, string.Empty, ct);
            using (var hangup = Process.Start("kill", ["-HUP", server.ProcessId.ToString(CultureInfo.InvariantCulture)]))
            {
                await hangup.WaitForExitAsync(ct);
            }

            // The signal is handled asynchronously: write markers until one lands in the new file.
            var clock = Stopwatch.StartNew();
            var attempt = 0;
            while (!(await File.ReadAllTextAsync(auditPath, ct)).Contains("after-rotation", StringComparison.Ordinal))
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "no audit line reached the new file after SIGHUP:\n" + server.Output);
                await WriteMarkerAsync(http, $"after-rotation-{attempt++}", ct);
                await Task.Delay(50, ct);
            }

            Assert.Null(await server.WaitForExitAsync(TimeSpan.Zero));
            var rotated = await File.ReadAllTextAsync(rotatedPath, ct);
            Assert.Contains("before-rotation", rotated, StringComparison.Ordinal);
            var current = await File.ReadAllTextAsync(auditPath, ct);
            Assert.DoesNotContain("before-rotation", current, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    // A policy write: its request path, and so the marker, is written to the audit line in clear.
    private static async Task WriteMarkerAsync(HttpClient http, string marker, CancellationToken ct) =>
        (await http.PutAsJsonAsync($"sys/policies/acl/{marker}", new { policy = "path \"secret/*\" { capabilities = [\"read\"] }" }, ct)).EnsureSuccessStatusCode();
}
