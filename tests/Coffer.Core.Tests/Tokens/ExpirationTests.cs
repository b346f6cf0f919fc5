using Coffer.Core.Seal;
using Coffer.Core.Tokens;
using Coffer.Sdk.Physical;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Coffer.Core.Tests.Tokens;

/// <summary>Expired service tokens are revoked from storage, also by a server that restarted after they were made.</summary>
public sealed class ExpirationTests
{
    [Fact]
    public async Task ExpiredServiceToken_IsRevokedBySweep_AfterRestart()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var storage = new InMemoryBackend();
        var options = new CoreOptions { ExpirationSweepInterval = TimeSpan.FromDays(1) };

        var first = new CofferCore(options, storage, time, NullLoggerFactory.Instance);
        var init = await first.InitializeAsync(new SealConfig(1, 1), null, CancellationToken.None);
        var key = Convert.ToBase64String(init.KeyShares[0]);
        await first.SubmitUnsealKeyAsync(key, CancellationToken.None);
        var shortLived = new TokenEntry
        {
            Id = TokenStore.NewServiceTokenId(),
            Accessor = "accessor-short-lived-0001",
            Policies = ["default"],
            CreationTime = time.GetUtcNow().ToUnixTimeSeconds(),
            IssueTime = time.GetUtcNow(),
            Ttl = 60,
        };
        var longLived = shortLived with { Id = TokenStore.NewServiceTokenId(), Accessor = "accessor-long-lived-00001", Ttl = 3600 };
        await first.Tokens.StoreAsync(shortLived, CancellationToken.None);
        await first.Tokens.StoreAsync(longLived, CancellationToken.None);
        await first.SealAsync(CancellationToken.None);

        time.Advance(TimeSpan.FromMinutes(2));
        var restarted = new CofferCore(options, storage, time, NullLoggerFactory.Instance);
        await restarted.SubmitUnsealKeyAsync(key, CancellationToken.None);
        // The sweep that unsealing schedules may run first; either way the expired token must be gone after this one.
        await restarted.Expiration.SweepAsync(CancellationToken.None);

        var remaining = await restarted.Tokens.ListStoredAsync(CancellationToken.None);
        Assert.DoesNotContain(remaining, t => t.Id == shortLived.Id);
        Assert.Contains(remaining, t => t.Id == longLived.Id);
        Assert.Null(await restarted.Tokens.LookupByAccessorAsync(shortLived.Accessor, CancellationToken.None));
        await restarted.SealAsync(CancellationToken.None);
    }
}
