using System.Text;
using Coffer.Sdk.Physical;
using Coffer.Server.Storage;

namespace Coffer.Server.Tests.Storage;

/// <summary>Crashes inside a commit, simulated with the commit hook, and what the next open makes of them.</summary>
public sealed class FileBackendRecoveryTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string DataPath => Path.Combine(_directory.Path, "data");

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(nameof(FileCommitStage.JournalWritten))]
    [InlineData(nameof(FileCommitStage.FirstOperationApplied))]
    [InlineData(nameof(FileCommitStage.OperationsApplied))]
    public async Task Open_AfterCrashWithDurableJournal_AppliesTheWholeCommit(string crashAt)
    {
        // A string, not the enum: theory parameters of a public test must be public types.
        await CrashDuringCommitAsync(Enum.Parse<FileCommitStage>(crashAt));

        using var reopened = await FileBackend.OpenAsync(DataPath, Ct);

        await AssertCommitAppliedAsync(reopened);
        Assert.Empty(JournalFiles());
    }

    [Fact]
    public async Task Open_AfterCrashBeforeAnyOperation_StateBeforeReopenIsUnchanged()
    {
        // Guards the premise of the torn-journal tests: at JournalWritten no key file has changed yet.
        await CrashDuringCommitAsync(FileCommitStage.JournalWritten);

        Assert.Equal("old", await ReadDirectlyAsync("keep/me"));
        Assert.Equal("doomed", await ReadDirectlyAsync("drop/me"));
        Assert.Null(await ReadDirectlyAsync("tx/new"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(20)]
    [InlineData(33)]
    [InlineData(-1)]
    public async Task Open_TornJournal_DiscardsItAndAppliesNothing(int keptBytes)
    {
        await CrashDuringCommitAsync(FileCommitStage.JournalWritten);
        var journal = Assert.Single(JournalFiles());
        var length = new FileInfo(journal).Length;
        using (var stream = new FileStream(journal, FileMode.Open, FileAccess.Write))
        {
            // Negative: drop that many bytes from the end; positive: keep only that many from the start.
            stream.SetLength(keptBytes < 0 ? length + keptBytes : keptBytes);
        }

        using var reopened = await FileBackend.OpenAsync(DataPath, Ct);

        await AssertCommitNotAppliedAsync(reopened);
        Assert.Empty(JournalFiles());
    }

    [Fact]
    public async Task Open_JournalWithAChangedByte_DiscardsItAndAppliesNothing()
    {
        await CrashDuringCommitAsync(FileCommitStage.JournalWritten);
        var journal = Assert.Single(JournalFiles());
        var bytes = await File.ReadAllBytesAsync(journal, Ct);
        bytes[bytes.Length / 2] ^= 0x40;
        await File.WriteAllBytesAsync(journal, bytes, Ct);

        using var reopened = await FileBackend.OpenAsync(DataPath, Ct);

        await AssertCommitNotAppliedAsync(reopened);
        Assert.Empty(JournalFiles());
    }

    [Fact]
    public async Task Commit_FailingAfterJournal_BackendRefusesFurtherWorkUntilReopened()
    {
        var backend = await FileBackend.OpenAsync(DataPath, Ct);
        try
        {
            backend.CommitHook = stage =>
            {
                if (stage == FileCommitStage.FirstOperationApplied)
                {
                    throw new SimulatedCrashException();
                }
            };

            await Assert.ThrowsAsync<SimulatedCrashException>(() => backend.CommitAsync(
                [PhysicalOperation.Put("a", "1"u8.ToArray()), PhysicalOperation.Put("b", "2"u8.ToArray())], Ct));

            await Assert.ThrowsAsync<IOException>(() => backend.GetAsync("a", Ct));
            await Assert.ThrowsAsync<IOException>(() => backend.PutAsync(new PhysicalEntry("c", [1]), Ct));
            await Assert.ThrowsAsync<IOException>(() => backend.ListAsync("", Ct));
        }
        finally
        {
            backend.Dispose();
        }

        using var reopened = await FileBackend.OpenAsync(DataPath, Ct);
        Assert.Equal(["a", "b"], await reopened.ListAsync("", Ct));
    }

    [Fact]
    public async Task Commit_CancelledBeforeStart_ChangesNothingAndBackendStaysUsable()
    {
        using var backend = await FileBackend.OpenAsync(DataPath, Ct);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => backend.CommitAsync([PhysicalOperation.Put("a", [1])], cancelled.Token));

        Assert.Null(await backend.GetAsync("a", Ct));
        Assert.Empty(JournalFiles());
        await backend.PutAsync(new PhysicalEntry("a", [2]), Ct);
        Assert.Equal([2], (await backend.GetAsync("a", Ct))!.Value);
    }

    [Fact]
    public async Task Open_DirectoryHeldByAnotherBackend_FailsUntilReleased()
    {
        var first = await FileBackend.OpenAsync(DataPath, Ct);

        var error = await Assert.ThrowsAsync<IOException>(() => FileBackend.OpenAsync(DataPath, Ct));
        Assert.Contains("in use", error.Message, StringComparison.Ordinal);

        first.Dispose();
        using var second = await FileBackend.OpenAsync(DataPath, Ct);
        Assert.Equal("file", second.Name);
    }

    [Fact]
    public async Task Operations_AfterDispose_ThrowObjectDisposed()
    {
        var backend = await FileBackend.OpenAsync(DataPath, Ct);
        backend.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => backend.GetAsync("a", Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => backend.PutAsync(new PhysicalEntry("a", [1]), Ct));
    }

    /// <summary>Seeds three keys, then crashes a commit that deletes one, rewrites one and adds two.</summary>
    private async Task CrashDuringCommitAsync(FileCommitStage crashAt)
    {
        var backend = await FileBackend.OpenAsync(DataPath, Ct);
        try
        {
            await backend.PutAsync(new PhysicalEntry("keep/me", Encoding.UTF8.GetBytes("old")), Ct);
            await backend.PutAsync(new PhysicalEntry("drop/me", Encoding.UTF8.GetBytes("doomed")), Ct);
            await backend.PutAsync(new PhysicalEntry("rewrite", Encoding.UTF8.GetBytes("before")), Ct);
            backend.CommitHook = stage =>
            {
                if (stage == crashAt)
                {
                    throw new SimulatedCrashException();
                }
            };

            await Assert.ThrowsAsync<SimulatedCrashException>(() => backend.CommitAsync(
                [
                    PhysicalOperation.Put("rewrite", Encoding.UTF8.GetBytes("after")),
                    PhysicalOperation.Delete("drop/me"),
                    PhysicalOperation.Put("tx/new", Encoding.UTF8.GetBytes("fresh")),
                    PhysicalOperation.Delete("rewrite"),
                    PhysicalOperation.Put("rewrite", Encoding.UTF8.GetBytes("final")),
                ],
                Ct));
        }
        finally
        {
            // The process is gone: its lock goes with it.
            backend.Dispose();
        }
    }

    private static async Task AssertCommitAppliedAsync(FileBackend backend)
    {
        Assert.Equal("old", await ReadAsync(backend, "keep/me"));
        Assert.Null(await backend.GetAsync("drop/me", Ct));
        Assert.Equal("fresh", await ReadAsync(backend, "tx/new"));
        Assert.Equal("final", await ReadAsync(backend, "rewrite"));
        Assert.Equal(["keep/", "rewrite", "tx/"], await backend.ListAsync("", Ct));
    }

    private static async Task AssertCommitNotAppliedAsync(FileBackend backend)
    {
        Assert.Equal("old", await ReadAsync(backend, "keep/me"));
        Assert.Equal("doomed", await ReadAsync(backend, "drop/me"));
        Assert.Equal("before", await ReadAsync(backend, "rewrite"));
        Assert.Null(await backend.GetAsync("tx/new", Ct));
        Assert.Equal(["drop/", "keep/", "rewrite"], await backend.ListAsync("", Ct));
    }

    private static async Task<string?> ReadAsync(FileBackend backend, string key) =>
        await backend.GetAsync(key, Ct) is { } entry ? Encoding.UTF8.GetString(entry.Value) : null;

    private async Task<string?> ReadDirectlyAsync(string key)
    {
        // Bypasses the backend, which refuses to serve after a crash and would replay on open.
        var layout = new FileKeyLayout(Path.GetFullPath(DataPath));
        Assert.True(layout.TryLocate(key, out var location, out _));
        return File.Exists(location.FilePath) ? await File.ReadAllTextAsync(location.FilePath, Ct) : null;
    }

    private string[] JournalFiles() => Directory.GetFiles(DataPath, FileBackend.JournalPrefix + "*");

    private sealed class SimulatedCrashException : Exception;
}
