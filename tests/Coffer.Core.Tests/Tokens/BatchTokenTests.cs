using CsCheck;
using Coffer.Core.Seal;
using Coffer.Core.Tokens;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Physical;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Coffer.Core.Tests.Tokens;

/// <summary>Batch tokens: self-contained, valid only where the keyring is, and honest about expiry.</summary>
public sealed class BatchTokenTests
{
    private static async Task<CofferCore> UnsealedCoreAsync(TimeProvider time)
    {
        var core = new CofferCore(new CoreOptions(), new InMemoryBackend(), time, NullLoggerFactory.Instance);
        var init = await core.InitializeAsync(new SealConfig(1, 1), null, CancellationToken.None);
        await core.SubmitUnsealKeyAsync(Convert.ToBase64String(init.KeyShares[0]), CancellationToken.None);
        return core;
    }

    private static TokenEntry BatchEntry(TimeProvider time, IReadOnlyList<string> policies, long ttl) => new()
    {
        Policies = policies,
        Path = "auth/token/create/failover-handler",
        CreationTime = time.GetUtcNow().ToUnixTimeSeconds(),
        IssueTime = time.GetUtcNow(),
        Ttl = ttl,
        Type = TokenTypes.Batch,
    };

    [Fact]
    public async Task BatchToken_MintedByOneServer_NeverValidatesOnAnotherKeyring()
    {
        var time = TimeProvider.System;
        var minting = await UnsealedCoreAsync(time);
        var foreign = await UnsealedCoreAsync(time);
        var policies = Gen.String[Gen.Char['a', 'z'], 1, 12].List[1, 4];

        await Gen.Select(policies, Gen.Long[60, 100_000]).SampleAsync(async sample =>
        {
            var (names, ttl) = sample;
            var token = minting.Tokens.EncodeBatchToken(BatchEntry(time, names, ttl));
            Assert.NotNull(await minting.Tokens.LookupAsync(token, CancellationToken.None));
            Assert.Null(await foreign.Tokens.LookupAsync(token, CancellationToken.None));
            var error = await Assert.ThrowsAsync<CofferException>(() => foreign.AuthenticateAsync(token, CancellationToken.None));
            Assert.Equal(ErrorKind.PermissionDenied, error.Kind);
        }, iter: 100);
    }

    [Fact]
    public async Task BatchToken_Truncated_IsInvalid()
    {
        var core = await UnsealedCoreAsync(TimeProvider.System);
        var token = core.Tokens.EncodeBatchToken(BatchEntry(TimeProvider.System, ["default"], 3600));
        await Gen.Int[TokenTypes.BatchPrefix.Length, token.Length - 1].SampleAsync(async length =>
            Assert.Null(await core.Tokens.LookupAsync(token[..length], CancellationToken.None)), iter: 50);
    }

    [Fact]
    public async Task BatchToken_AfterItsTtl_IsRefusedSayingItExpired()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var core = await UnsealedCoreAsync(time);
        var token = core.Tokens.EncodeBatchToken(BatchEntry(time, ["default"], 8 * 3600));
        Assert.NotNull(await core.AuthenticateAsync(token, CancellationToken.None));

        time.Advance(TimeSpan.FromHours(8) + TimeSpan.FromSeconds(1));
        var error = await Assert.ThrowsAsync<CofferException>(() => core.AuthenticateAsync(token, CancellationToken.None));
        Assert.Equal(ErrorKind.PermissionDenied, error.Kind);
        Assert.Contains("invalid token", error.Errors[0]);
        Assert.Contains("token expired at 2026-11-25T20:00:00Z", error.Errors[0]);
    }
}
