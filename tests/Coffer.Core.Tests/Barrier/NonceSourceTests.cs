using System.Collections.Concurrent;
using Coffer.Core.Barrier;

namespace Coffer.Core.Tests.Barrier;

public sealed class NonceSourceTests
{
    [Fact]
    public void Fill_ManyThreadsAcrossRefills_NeverRepeatsANonce()
    {
        var nonces = new ConcurrentBag<string>();
        Parallel.For(0, 8, _ =>
        {
            Span<byte> nonce = stackalloc byte[12];
            for (var i = 0; i < 1000; i++)
            {
                NonceSource.Fill(nonce);
                nonces.Add(Convert.ToHexString(nonce));
            }
        });

        Assert.Equal(8000, nonces.Distinct().Count());
    }

    [Fact]
    public void Fill_OversizedRequest_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NonceSource.Fill(new byte[100_000]));
    }
}
