using System.Globalization;
using Coffer.Testing.Processes;

namespace Coffer.Cli.Tests.Procedure;

/// <summary>
/// <c>coffer server</c> takes its configuration from its HCL file and flags only, so the folder it is started in
/// is nothing to it: a service manager starts it in "/", and watching that tree would cost a watch per folder on the
/// machine and an event for every file written anywhere.
/// </summary>
[Trait("Category", "Process")]
public sealed class WorkingDirectoryTests : IDisposable
{
    private readonly DirectoryInfo _tree = Directory.CreateTempSubdirectory("coffer-cwd-");

    [Fact]
    public async Task Server_StartedInAFolderTree_WatchesNothingInIt()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("counts inotify watches through /proc");
        }

        for (var i = 0; i < 20; i++)
        {
            Directory.CreateDirectory(Path.Combine(_tree.FullName, $"a{i}", "b", "c"));
        }

        var port = CofferExecutable.FreeLoopbackPort();
        await using var server = await CofferServerProcess.StartAsync(
            ["-dev", $"-dev-listen-address=127.0.0.1:{port}", "-dev-no-store-token"], port, workingDirectory: _tree.FullName);

        // A file written in the tree after start-up is what a watcher would be told about.
        await File.WriteAllTextAsync(Path.Combine(_tree.FullName, "a0", "b", "c", "written"), "x", TestContext.Current.CancellationToken);

        Assert.Equal(0, InotifyWatches(server.ProcessId));
    }

    public void Dispose() => _tree.Delete(recursive: true);

    /// <summary>The inotify watches the process holds, as its inotify descriptors' fdinfo lists them.</summary>
    private static int InotifyWatches(int processId)
    {
        var process = $"/proc/{processId.ToString(CultureInfo.InvariantCulture)}";
        var watches = 0;
        foreach (var descriptor in Directory.EnumerateFileSystemEntries($"{process}/fd"))
        {
            var target = new FileInfo(descriptor).LinkTarget;
            if (target is not null && target.Contains("inotify", StringComparison.Ordinal))
            {
                var info = File.ReadAllLines($"{process}/fdinfo/{Path.GetFileName(descriptor)}");
                watches += info.Count(line => line.StartsWith("inotify ", StringComparison.Ordinal));
            }
        }

        return watches;
    }
}
