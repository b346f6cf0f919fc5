using System.Security.Cryptography;
using System.Text;
using Coffer.Core.Crypto;
using Coffer.Core.Replication;
using Coffer.Core.Storage;
using Coffer.Core.Tokens;
using Coffer.Sdk.Physical;
using CsCheck;

namespace Coffer.Core.Tests.Replication;

/// <summary>The generated DR operation token: hash-only storage, one current token, single use.</summary>
public sealed class DrOperationTokenStoreTests
{
    private readonly InMemoryBackend _physical = new();
    private readonly DrOperationTokenStore _store;

    public DrOperationTokenStoreTests() => _store = new DrOperationTokenStore(_physical, TimeProvider.System);

    [Fact]
    public async Task IssueAsync_Token_HasTheShapeOfAServiceToken()
    {
        var token = await _store.IssueAsync(CancellationToken.None);

        Assert.Equal(28, token.Length);
        Assert.StartsWith("hvs.", token);
        Assert.True(Base62.IsBase62(token.AsSpan(4)));
    }

    [Fact]
    public async Task IssueAsync_Storage_HoldsOnlyTheSha256()
    {
        var token = await _store.IssueAsync(CancellationToken.None);

        var stored = Encoding.UTF8.GetString((await _physical.GetAsync(CorePaths.DrOperationToken))!.Value);
        Assert.DoesNotContain(token, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(token[4..], stored, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), stored, StringComparison.Ordinal);
        Assert.StartsWith("replication/local/", CorePaths.DrOperationToken);
    }

    [Fact]
    public async Task TryConsumeAsync_CurrentToken_SucceedsOnceThenFails()
    {
        var token = await _store.IssueAsync(CancellationToken.None);

        Assert.True(await _store.TryConsumeAsync(token, CancellationToken.None));
        Assert.False(await _store.TryConsumeAsync(token, CancellationToken.None));
        Assert.False(await _store.ExistsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task TryConsumeAsync_NothingIssued_Fails()
    {
        Assert.False(await _store.TryConsumeAsync(TokenStore.NewServiceTokenId(), CancellationToken.None));
        Assert.False(await _store.TryConsumeAsync(string.Empty, CancellationToken.None));
    }

    [Fact]
    public async Task TryConsumeAsync_AnyOtherValue_FailsAndKeepsTheToken()
    {
        var token = await _store.IssueAsync(CancellationToken.None);
        var others = Gen.OneOf(
            Gen.String.Where(s => s != token),
            Gen.Int[0, 27].Select(i => token[..i] + (token[i] == 'a' ? 'b' : 'a') + token[(i + 1)..]),
            Gen.Const(token.ToUpperInvariant()).Where(s => s != token),
            Gen.Const(token + " "));

        await others.SampleAsync(async other => Assert.False(await _store.TryConsumeAsync(other, CancellationToken.None)), iter: 200);

        Assert.True(await _store.TryConsumeAsync(token, CancellationToken.None));
    }

    [Fact]
    public async Task IssueAsync_Again_ReplacesThePreviousToken()
    {
        var first = await _store.IssueAsync(CancellationToken.None);
        var second = await _store.IssueAsync(CancellationToken.None);

        Assert.NotEqual(first, second);
        Assert.False(await _store.TryConsumeAsync(first, CancellationToken.None));
        Assert.True(await _store.TryConsumeAsync(second, CancellationToken.None));
    }

    [Fact]
    public async Task TryConsumeAsync_ConcurrentUses_ExactlyOneWins()
    {
        var token = await _store.IssueAsync(CancellationToken.None);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => _store.TryConsumeAsync(token, CancellationToken.None))));

        Assert.Single(results, r => r);
    }

    [Fact]
    public async Task DiscardAsync_ForgetsTheTokenAndSaysWhetherThereWasOne()
    {
        var token = await _store.IssueAsync(CancellationToken.None);

        Assert.True(await _store.DiscardAsync(CancellationToken.None));
        Assert.False(await _store.DiscardAsync(CancellationToken.None));
        Assert.False(await _store.TryConsumeAsync(token, CancellationToken.None));
        Assert.Null(await _physical.GetAsync(CorePaths.DrOperationToken));
    }

    [Fact]
    public async Task TryConsumeAsync_CorruptRecord_IsAnErrorNotASilentDenial()
    {
        await _physical.PutAsync(new PhysicalEntry(CorePaths.DrOperationToken, Encoding.UTF8.GetBytes("""{"version":9,"sha256":"x"}""")));

        await Assert.ThrowsAsync<InvalidDataException>(() => _store.TryConsumeAsync("hvs.x", CancellationToken.None));
    }
}
