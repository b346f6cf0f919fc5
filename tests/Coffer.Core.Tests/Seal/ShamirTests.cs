using Coffer.Core.Seal;
using CsCheck;

namespace Coffer.Core.Tests.Seal;

public sealed class ShamirTests
{
    /// <summary>A secret, a share count, a threshold no larger than it, and a seed that picks subsets.</summary>
    private static readonly Gen<(byte[] Secret, int Parts, int Threshold, int Seed)> SplitCases =
        from secret in Gen.Byte.Array[1, 48]
        from parts in Gen.Int[2, 20]
        from threshold in Gen.Int[2, parts]
        from seed in Gen.Int
        select (secret, parts, threshold, seed);

    [Fact]
    public void Combine_AnyThresholdSizedSubset_RecoversTheSecret()
    {
        SplitCases.Sample((secret, parts, threshold, seed) =>
        {
            var shares = Shamir.Split(secret, parts, threshold);
            var subset = PickDistinct(shares, threshold, new Random(seed));
            Assert.Equal(secret, Shamir.Combine(subset));
        });
    }

    [Fact]
    public void Combine_MoreThanThresholdShares_RecoversTheSecret()
    {
        SplitCases.Sample((secret, parts, threshold, seed) =>
        {
            var shares = Shamir.Split(secret, parts, threshold);
            var count = new Random(seed).Next(threshold, parts + 1);
            Assert.Equal(secret, Shamir.Combine(PickDistinct(shares, count, new Random(seed))));
        });
    }

    [Fact]
    public void Combine_OneShareBelowThreshold_YieldsSomethingElse()
    {
        // With fewer than threshold shares every byte of the result is uniformly random; for 16+ byte
        // secrets an accidental match has probability at most 2^-128, so equality means a leak.
        var cases =
            from secret in Gen.Byte.Array[16, 48]
            from parts in Gen.Int[3, 20]
            from threshold in Gen.Int[3, parts]
            from seed in Gen.Int
            select (secret, parts, threshold, seed);
        cases.Sample((secret, parts, threshold, seed) =>
        {
            var shares = Shamir.Split(secret, parts, threshold);
            var subset = PickDistinct(shares, threshold - 1, new Random(seed));
            Assert.NotEqual(secret, Shamir.Combine(subset));
        });
    }

    [Fact]
    public void Split_Shares_AreSecretLengthPlusDistinctNonZeroX()
    {
        SplitCases.Sample((secret, parts, threshold, _) =>
        {
            var shares = Shamir.Split(secret, parts, threshold);
            Assert.Equal(parts, shares.Length);
            Assert.All(shares, share => Assert.Equal(secret.Length + 1, share.Length));
            var xs = shares.Select(share => share[^1]).ToList();
            Assert.DoesNotContain((byte)0, xs);
            Assert.Equal(parts, xs.Distinct().Count());
        });
    }

    [Fact]
    public void Split_MaximumParts_UsesEveryNonZeroX()
    {
        var shares = Shamir.Split([42, 7], 255, 255);
        Assert.Equal(Enumerable.Range(1, 255).Select(i => (byte)i), shares.Select(s => s[^1]).Order());
        Assert.Equal(new byte[] { 42, 7 }, Shamir.Combine(shares));
    }

    [Fact]
    public void Split_SameSecretTwice_GivesDifferentShares()
    {
        var secret = new byte[32];
        var first = Shamir.Split(secret, 5, 3);
        var second = Shamir.Split(secret, 5, 3);
        Assert.NotEqual(first.SelectMany(s => s), second.SelectMany(s => s));
    }

    [Fact]
    public void Combine_HandBuiltLinearShares_InterpolatesAtZero()
    {
        // f(x) = 0x2A + 0x05·x: shares at x=1 and x=2, computed by hand in GF(2^8).
        // f(1) = 0x2A ^ 0x05 = 0x2F; f(2) = 0x2A ^ (0x05·0x02 = 0x0A) = 0x20.
        byte[][] shares = [[0x2F, 0x01], [0x20, 0x02]];
        Assert.Equal(new byte[] { 0x2A }, Shamir.Combine(shares));
    }

    [Theory]
    [InlineData(2, 3, "parts cannot be less than threshold")]
    [InlineData(256, 3, "parts cannot exceed 255")]
    [InlineData(5, 1, "threshold must be at least 2")]
    [InlineData(5, 0, "threshold must be at least 2")]
    public void Split_InvalidCounts_ThrowsWithVaultMessage(int parts, int threshold, string message)
    {
        var exception = Assert.Throws<ArgumentException>(() => Shamir.Split([1, 2, 3], parts, threshold));
        Assert.StartsWith(message, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_EmptySecret_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => Shamir.Split([], 5, 3));
        Assert.StartsWith("cannot split an empty secret", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Combine_FewerThanTwoParts_Throws()
    {
        var share = Shamir.Split([1, 2, 3], 3, 2)[0];
        var exception = Assert.Throws<ArgumentException>(() => Shamir.Combine([share]));
        Assert.StartsWith("less than two parts cannot be used to reconstruct the secret", exception.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Shamir.Combine([]));
    }

    [Fact]
    public void Combine_OneBytePart_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => Shamir.Combine([[1], [2]]));
        Assert.StartsWith("parts must be at least two bytes", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Combine_UnequalLengths_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => Shamir.Combine([[1, 2, 3], [4, 5]]));
        Assert.StartsWith("all parts must be the same length", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Combine_SameXTwice_ThrowsDuplicatePart()
    {
        var shares = Shamir.Split([9, 8, 7, 6], 5, 3);
        var exception = Assert.Throws<ArgumentException>(() => Shamir.Combine([shares[0], shares[1], shares[0]]));
        Assert.StartsWith("duplicate part detected", exception.Message, StringComparison.Ordinal);
    }

    private static List<byte[]> PickDistinct(byte[][] shares, int count, Random random)
    {
        var order = shares.ToArray();
        random.Shuffle(order);
        return order.Take(count).ToList();
    }
}
