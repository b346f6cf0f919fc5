using Coffer.Sdk.Physical;
using CsCheck;

namespace Coffer.Sdk.Tests.Physical;

public sealed class RetainedWindowTests
{
    // Each step appends 1..3 items with index gaps of 1..3, or drops up to 3 of the oldest.
    private static readonly Gen<(bool Drop, int Amount, int Gap)> Step = Gen.Select(Gen.Bool, Gen.Int[1, 3], Gen.Int[1, 3]);

    [Fact]
    public void AnySequenceOfAppendsAndDrops_ReadsLikeAPlainList()
    {
        Step.Array[0, 3000].Sample(steps =>
        {
            var window = new RetainedWindow<long>(static index => index);
            var expected = new List<long>();
            long next = 0;
            foreach (var (drop, amount, gap) in steps)
            {
                if (drop)
                {
                    var count = Math.Min(amount, expected.Count);
                    window.DropOldest(count);
                    expected.RemoveRange(0, count);
                    continue;
                }

                for (var i = 0; i < amount; i++)
                {
                    next += gap;
                    window.Add(next);
                    expected.Add(next);
                }
            }

            Assert.Equal(expected.Count, window.Count);
            Assert.Equal(expected.Count > 0 ? expected[0] : 0, window.FirstIndex);
            Assert.Equal(expected, Enumerable.Range(0, window.Count).Select(i => window[i]));
            for (var probe = 0L; probe <= next + 1; probe += Math.Max(1, next / 50))
            {
                var position = expected.FindIndex(index => index >= probe);
                Assert.Equal(position < 0 ? expected.Count : position, window.PositionOfFirstAtOrAbove(probe));
            }
        }, iter: 200);
    }

    [Fact]
    public void DropOldest_MoreThanItHolds_Throws()
    {
        var window = new RetainedWindow<long>(static index => index);
        window.Add(1);

        Assert.Throws<ArgumentOutOfRangeException>(() => window.DropOldest(2));
    }
}
