using System.Text;
using Coffer.Raft.Tests.Infrastructure;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Physical;
using Coffer.Testing;

namespace Coffer.Raft.Tests.Storage;

/// <summary>
/// The physical-backend contract (the ideas of Coffer.Testing's conformance suite) checked against a one-node
/// Raft cluster, durability across a restart from disk included.
/// </summary>
public sealed partial class RaftConformanceTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new();
    private readonly string _address = FreePort.NextAddress();
    private RaftBackend? _backend;

    private RaftBackend Backend => _backend ?? throw new InvalidOperationException("Created in InitializeAsync.");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private RaftOptions Options => new()
    {
        NodeId = "solo",
        DataPath = _directory.Path,
        ClusterAddress = _address,
        Bootstrap = true,
        PerformanceMultiplier = 1,
        MaxEntrySize = 8 * 1024 * 1024,
    };

    public async ValueTask InitializeAsync() => _backend = await OpenAsync();

    public async ValueTask DisposeAsync()
    {
        if (_backend is not null)
        {
            await _backend.DisposeAsync();
        }

        _directory.Dispose();
    }

    private async Task<RaftBackend> OpenAsync()
    {
        var backend = new RaftBackend(Options);
        try
        {
            await backend.StartAsync(Ct);
            await Eventually.TrueAsync(() => backend.IsLeader, TimeSpan.FromSeconds(20), "the single node leads");
            return backend;
        }
        catch
        {
            await backend.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the node as a clean shutdown would and starts a new instance over the same directory.</summary>
    private async Task ReopenAsync()
    {
        await Backend.DisposeAsync();
        _backend = null;
        _backend = await OpenAsync();
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private Task PutAsync(string key, string value) => Backend.PutAsync(new PhysicalEntry(key, Bytes(value)), Ct);

    private async Task<string?> TextAsync(string key) =>
        await Backend.GetAsync(key, Ct) is { } entry ? Encoding.UTF8.GetString(entry.Value) : null;

    private Task<IReadOnlyList<string>> ListAsync(string prefix) => Backend.ListAsync(prefix, Ct);

    [Fact(Timeout = 30_000)]
    public async Task Get_MissingKey_ReturnsNull()
    {
        Assert.Null(await Backend.GetAsync("missing", Ct));
        Assert.Null(await Backend.GetAsync("missing/child", Ct));
    }

    [Fact(Timeout = 30_000)]
    public async Task Put_ThenGet_ReturnsSameKeyAndBytes()
    {
        var value = new byte[] { 0, 1, 2, 255, 254, 10, 13 };
        await Backend.PutAsync(new PhysicalEntry("core/keyring", value), TestContext.Current.CancellationToken);

        var entry = await Backend.GetAsync("core/keyring", Ct);

        Assert.NotNull(entry);
        Assert.Equal("core/keyring", entry.Key);
        Assert.Equal(value, entry.Value);
    }

    [Fact(Timeout = 30_000)]
    public async Task Put_ExistingKeyAndChildren_ReplacesOnlyThatKey()
    {
        await PutAsync("a", "parent");
        await PutAsync("a/b", "first, and longer than the second");
        await PutAsync("a/b", "second");
        await PutAsync("a/b/c", "grandchild");
        await Backend.DeleteAsync("a/b", Ct);

        Assert.Equal("parent", await TextAsync("a"));
        Assert.Null(await TextAsync("a/b"));
        Assert.Equal("grandchild", await TextAsync("a/b/c"));
    }

    [Fact(Timeout = 30_000)]
    public async Task Delete_MissingKeyOrTwice_Succeeds()
    {
        await Backend.DeleteAsync("never/written", Ct);
        await PutAsync("x", "1");
        await Backend.DeleteAsync("x", Ct);
        await Backend.DeleteAsync("x", Ct);

        Assert.Null(await Backend.GetAsync("x", Ct));
        Assert.Empty(await ListAsync(""));
    }

    [Fact(Timeout = 30_000)]
    public async Task Put_EmptyValue_RoundTripsAsPresentAndEmpty()
    {
        await Backend.PutAsync(new PhysicalEntry("empty", []), TestContext.Current.CancellationToken);

        var entry = await Backend.GetAsync("empty", Ct);

        Assert.NotNull(entry);
        Assert.Empty(entry.Value);
        Assert.Equal(["empty"], await ListAsync(""));
    }

    [Fact(Timeout = 30_000)]
    public async Task CallerMutatesArrays_AfterPutOrGet_StoredValueUnchanged()
    {
        var value = Bytes("original");
        await Backend.PutAsync(new PhysicalEntry("k", value), TestContext.Current.CancellationToken);
        value[0] = (byte)'X';
        var read = await Backend.GetAsync("k", Ct);
        read!.Value[1] = (byte)'Y';
        var committed = Bytes("committed");
        await Backend.CommitAsync([PhysicalOperation.Put("c", committed)], Ct);
        committed[0] = (byte)'X';

        // The leader applies its own writes without decoding them (AppendedCommand): a lent array is still copied.
        Assert.Equal("original", await TextAsync("k"));
        Assert.Equal("committed", await TextAsync("c"));
    }

    [Fact(Timeout = 30_000)]
    public async Task Put_AboveMaxEntrySize_IsRejectedAsTooLarge()
    {
        var tooLarge = new byte[Options.MaxEntrySize + 1];

        var error = await Assert.ThrowsAsync<CofferException>(() => Backend.PutAsync(new PhysicalEntry("big", tooLarge), TestContext.Current.CancellationToken));

        Assert.Equal(ErrorKind.RequestTooLarge, error.Kind);
        Assert.Null(await Backend.GetAsync("big", Ct));
    }
}
