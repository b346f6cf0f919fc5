using System.Text;
using Coffer.Core.Audit;

namespace Coffer.Core.Tests.Audit;

/// <summary>The file device appends whole lines from many threads at once, and follows its file through rotation.</summary>
public sealed class FileAuditDeviceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-audit-").FullName;

    private string LogPath => Path.Combine(_directory, "audit.log");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task ConcurrentWriters_LinesStayWholeAndEachWritersOrderHolds()
    {
        using var device = Open();
        const int writers = 8;
        const int linesEach = 400;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < linesEach; i++)
            {
                // Lengths vary so that a torn or interleaved write would show.
                await device.WriteAsync(Line($"{{\"writer\":{w},\"n\":{i},\"pad\":\"{new string('x', (w * 37 + i) % 300)}\"}}"), default);
            }
        })));

        var lines = await File.ReadAllLinesAsync(LogPath);
        Assert.Equal(writers * linesEach, lines.Length);
        var next = new int[writers];
        foreach (var line in lines)
        {
            using var json = System.Text.Json.JsonDocument.Parse(line);
            var writer = json.RootElement.GetProperty("writer").GetInt32();
            Assert.Equal(next[writer]++, json.RootElement.GetProperty("n").GetInt32());
        }
    }

    [Fact]
    public async Task ReopeningWhileOthersWrite_LosesNoLine()
    {
        using var device = Open();
        using var stop = new CancellationTokenSource();
        var rotations = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                device.Reopen();
                await Task.Yield();
            }
        });
        await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                await device.WriteAsync(Line($"{w}-{i}"), default);
            }
        })));
        await stop.CancelAsync();
        await rotations;

        Assert.Equal(2000, (await File.ReadAllLinesAsync(LogPath)).Distinct().Count());
    }

    [Fact]
    public async Task RemovedFile_IsCreatedAgainAtTheNextWrite()
    {
        using var device = Open();
        await device.WriteAsync(Line("first"), default);
        File.Move(LogPath, LogPath + ".1");

        await device.WriteAsync(Line("second"), default);

        Assert.Equal(["first"], await File.ReadAllLinesAsync(LogPath + ".1"));
        Assert.Equal(["second"], await File.ReadAllLinesAsync(LogPath));
    }

    [Fact]
    public async Task Reopen_SwitchesToTheFileNowAtThePath()
    {
        using var device = Open();
        await device.WriteAsync(Line("before"), default);
        File.Move(LogPath, LogPath + ".1");
        await File.WriteAllTextAsync(LogPath, "existing\n");

        device.Reopen();
        await device.WriteAsync(Line("after"), default);

        Assert.Equal(["before"], await File.ReadAllLinesAsync(LogPath + ".1"));
        Assert.Equal(["existing", "after"], await File.ReadAllLinesAsync(LogPath));
    }

    [Fact]
    public async Task UnreachableFile_FailsTheWriteAndRecoversWhenReachable()
    {
        using var device = Open();
        Directory.Delete(_directory, recursive: true);

        await Assert.ThrowsAnyAsync<IOException>(() => device.WriteAsync(Line("lost"), default));

        Directory.CreateDirectory(_directory);
        await device.WriteAsync(Line("back"), default);
        Assert.Equal(["back"], await File.ReadAllLinesAsync(LogPath));
    }

    private FileAuditDevice Open() => new(
        new AuditDeviceEntry { Path = "file/", Type = "file", Options = new(StringComparer.Ordinal) { ["file_path"] = LogPath } },
        new AuditHasher(new byte[32]));

    private static ReadOnlyMemory<byte> Line(string text) => Encoding.UTF8.GetBytes(text + "\n");
}
