using Coffer.Sdk.Physical;
using Coffer.Server.Storage;

namespace Coffer.Server.Tests.Storage;

/// <summary>What the file backend leaves on disk, and the keys it refuses.</summary>
public sealed class FileBackendLayoutTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new();
    private FileBackend? _backend;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string DataPath => Path.Combine(_directory.Path, "data");

    private FileBackend Backend => _backend!;

    public async ValueTask InitializeAsync() => _backend = await FileBackend.OpenAsync(DataPath, Ct);

    public ValueTask DisposeAsync()
    {
        _backend?.Dispose();
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Put_NestedAndUnusualKeys_UseTheDocumentedFileNames()
    {
        await Backend.PutAsync(new PhysicalEntry("a/b", [1]), Ct);
        await Backend.PutAsync(new PhysicalEntry("_x/.y", [2]), Ct);
        await Backend.PutAsync(new PhysicalEntry("p%/clé", [3]), Ct);

        Assert.Equal([1], await File.ReadAllBytesAsync(Path.Combine(DataPath, "a", "_b"), Ct));
        Assert.Equal([2], await File.ReadAllBytesAsync(Path.Combine(DataPath, "%5Fx", "_%2Ey"), Ct));
        Assert.Equal([3], await File.ReadAllBytesAsync(Path.Combine(DataPath, "p%25", "_clé"), Ct));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("../../escape")]
    [InlineData("a/../../../escape")]
    [InlineData("..")]
    public async Task Put_KeyWithParentSegments_WritesOnlyInsideTheRoot(string key)
    {
        await Backend.PutAsync(new PhysicalEntry(key, [9]), Ct);

        // The data directory is the only entry of its parent: nothing was written beside or above it.
        Assert.Equal([DataPath], Directory.GetFileSystemEntries(_directory.Path));
        Assert.Equal([9], (await Backend.GetAsync(key, Ct))!.Value);
        Assert.Null(await Backend.GetAsync("escape", Ct));
    }

    [Theory]
    [InlineData("a//b")]
    [InlineData("/leading")]
    [InlineData("bad-D800-surrogate")]
    public async Task Put_KeyThisBackendCannotStore_ThrowsArgumentExceptionAndReadsAsMissing(string key)
    {
        // xunit's theory data would replace a lone surrogate by U+FFFD, so it is spliced in here.
        key = key.Replace("-D800-", "\ud800", StringComparison.Ordinal);

        await Assert.ThrowsAsync<ArgumentException>(() => Backend.PutAsync(new PhysicalEntry(key, [1]), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Backend.CommitAsync([PhysicalOperation.Put(key, [1])], Ct));

        Assert.Null(await Backend.GetAsync(key, Ct));
        await Backend.DeleteAsync(key, Ct);
        await Backend.CommitAsync([PhysicalOperation.Delete(key)], Ct);
        Assert.Empty(await Backend.ListAsync("", Ct));
    }

    [Fact]
    public async Task Put_SegmentLongerThanAFileName_ThrowsArgumentExceptionWithoutTheKey()
    {
        var key = "folder/" + new string('k', 255);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Backend.PutAsync(new PhysicalEntry(key, [1]), Ct));

        Assert.DoesNotContain("kkkk", error.Message, StringComparison.Ordinal);
        Assert.Null(await Backend.GetAsync(key, Ct));
    }

    [Fact]
    public async Task Put_SegmentAtTheFileNameLimit_IsStored()
    {
        // 254 characters plus the '_' marker is exactly 255 bytes.
        var key = "folder/" + new string('k', 254);

        await Backend.PutAsync(new PhysicalEntry(key, [1]), Ct);

        Assert.Equal([1], (await Backend.GetAsync(key, Ct))!.Value);
    }

    [Fact]
    public async Task Put_OnUnix_CreatesOwnerOnlyFilesAndDirectories()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("Unix permissions only.");
            return;
        }

        await Backend.PutAsync(new PhysicalEntry("secret/value", [1]), Ct);

        const UnixFileMode groupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(Path.Combine(DataPath, "secret", "_value")) & groupOrOther);
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(Path.Combine(DataPath, "secret")) & groupOrOther);
    }

    [Fact]
    public async Task PutAndCommit_OnceDone_LeaveNoTemporaryOrJournalFiles()
    {
        await Backend.PutAsync(new PhysicalEntry("a/b", [1]), Ct);
        await Backend.PutAsync(new PhysicalEntry("a/b", [2]), Ct);
        await Backend.CommitAsync([PhysicalOperation.Put("a/c", [3]), PhysicalOperation.Put("d", [4])], Ct);

        var leftovers = Directory.GetFiles(DataPath, "*", SearchOption.AllDirectories)
            .Select(Path.GetFileName)
            .Where(name => name!.StartsWith(FileBackend.TempPrefix, StringComparison.Ordinal)
                || name.StartsWith(FileBackend.JournalPrefix, StringComparison.Ordinal));
        Assert.Empty(leftovers);
    }

    [Fact]
    public async Task Delete_LastKeysOfNestedFolders_RemovesTheEmptyDirectories()
    {
        await Backend.PutAsync(new PhysicalEntry("x/y/z/key", [1]), Ct);
        await Backend.PutAsync(new PhysicalEntry("x/other", [1]), Ct);

        await Backend.DeleteAsync("x/y/z/key", Ct);

        Assert.False(Directory.Exists(Path.Combine(DataPath, "x", "y")));
        Assert.True(Directory.Exists(Path.Combine(DataPath, "x")));
    }

    [Fact]
    public async Task List_StrayEntriesFromCrashesOrOtherTools_AreIgnored()
    {
        await Backend.PutAsync(new PhysicalEntry("real/key", [1]), Ct);
        Directory.CreateDirectory(Path.Combine(DataPath, "empty"));
        Directory.CreateDirectory(Path.Combine(DataPath, "only-temp"));
        await File.WriteAllBytesAsync(Path.Combine(DataPath, "only-temp", FileBackend.TempPrefix + "123"), [1], Ct);
        Directory.CreateDirectory(Path.Combine(DataPath, "deep", "er"));
        await File.WriteAllBytesAsync(Path.Combine(DataPath, "no-marker"), [1], Ct);
        await File.WriteAllBytesAsync(Path.Combine(DataPath, "_%41"), [1], Ct);
        Directory.CreateDirectory(Path.Combine(DataPath, ".hidden"));
        await File.WriteAllBytesAsync(Path.Combine(DataPath, ".hidden", "_k"), [1], Ct);

        Assert.Equal(["real/"], await Backend.ListAsync("", Ct));
    }

    [Fact]
    public async Task List_FolderWhoseKeysAreOnlyDeeper_IsListed()
    {
        await Backend.PutAsync(new PhysicalEntry("a/b/c/d", [1]), Ct);

        Assert.Equal(["a/"], await Backend.ListAsync("", Ct));
        Assert.Equal(["b/"], await Backend.ListAsync("a/", Ct));
    }
}
