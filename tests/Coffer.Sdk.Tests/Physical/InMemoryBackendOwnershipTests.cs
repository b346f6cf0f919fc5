using System.Text;
using Coffer.Sdk.Physical;

namespace Coffer.Sdk.Tests.Physical;

/// <summary>
/// The in-memory backend skips its protective copies only where the caller said it may: a value handed over at commit,
/// a read for a caller that never changes what it gets. Everything else keeps the conformance suite's copy rules.
/// </summary>
public sealed class InMemoryBackendOwnershipTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Commit_HandedOverAndCopiedPuts_BothReadBack()
    {
        var backend = new InMemoryBackend();
        var copied = Bytes("copied");

        await backend.CommitAsync([PhysicalOperation.PutHandedOver("a", Bytes("handed over")), PhysicalOperation.Put("b", copied)], Ct);
        copied[0] = (byte)'X';

        Assert.Equal("handed over", await TextAsync(backend, "a"));
        Assert.Equal("copied", await TextAsync(backend, "b"));
    }

    [Fact]
    public async Task GetForReading_ReturnsTheStoredValueAndGetStillReturnsACopy()
    {
        var backend = new InMemoryBackend();
        await backend.PutAsync(new PhysicalEntry("k", Bytes("original")), Ct);

        var shared = await backend.GetForReadingAsync("k", Ct);
        var owned = await backend.GetAsync("k", Ct);
        owned!.Value[0] = (byte)'X';

        Assert.Equal("original", Encoding.UTF8.GetString(shared!.Value));
        Assert.Equal("original", await TextAsync(backend, "k"));
        Assert.Null(await backend.GetForReadingAsync("missing", Ct));
    }

    [Fact]
    public void PutHandedOver_WithAnotherKey_StaysHandedOver()
    {
        // Wrappers re-key operations with "with": the promise about the array must travel with it.
        var moved = PhysicalOperation.PutHandedOver("a", Bytes("v")) with { Key = "prefix/a" };

        Assert.True(moved.ValueHandedOver);
        Assert.False(PhysicalOperation.Put("a", Bytes("v")).ValueHandedOver);
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static async Task<string> TextAsync(IPhysicalBackend backend, string key) =>
        Encoding.UTF8.GetString((await backend.GetAsync(key, Ct))!.Value);
}
