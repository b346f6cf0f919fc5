using System.Buffers.Binary;
using Coffer.Core.Barrier;

namespace Coffer.Core.Tests.Barrier;

public sealed class KeyringTests
{
    private readonly ManualTimeProvider _time = new(TestBarrier.Epoch);

    [Fact]
    public void Create_NewKeyring_HasTermOneWithFreshKeyInstalledNow()
    {
        var keyring = Keyring.Create(_time);
        var term = Assert.Single(keyring.Terms);
        Assert.Equal(1, term.Term);
        Assert.Equal(32, term.Key.Length);
        Assert.Contains(term.Key, b => b != 0);
        Assert.Equal(TestBarrier.Epoch, term.InstallTime);
        Assert.Same(term, keyring.Active);
    }

    [Fact]
    public void Rotate_Keyring_AddsNextTermAndLeavesOriginalUnchanged()
    {
        var original = Keyring.Create(_time);
        _time.Advance(TimeSpan.FromHours(1));
        var rotated = original.Rotate(_time).Rotate(_time);

        Assert.Single(original.Terms);
        Assert.Equal([1, 2, 3], rotated.Terms.Select(t => t.Term));
        Assert.Equal(3, rotated.Active.Term);
        Assert.Equal(TestBarrier.Epoch.AddHours(1), rotated.Active.InstallTime);
        Assert.Same(original.Active.Key, rotated.Terms[0].Key);
        Assert.Equal(3, rotated.Terms.Select(t => Convert.ToHexString(t.Key)).Distinct().Count());
    }

    [Fact]
    public void Deserialize_SerializedKeyring_RoundTripsTermsKeysAndTimes()
    {
        var keyring = Keyring.Create(_time);
        _time.Advance(TimeSpan.FromTicks(123_456_789));
        keyring = keyring.Rotate(_time);

        var copy = Keyring.Deserialize(keyring.Serialize());

        Assert.Equal(keyring.Terms.Select(t => t.Term), copy.Terms.Select(t => t.Term));
        Assert.Equal(keyring.Terms.Select(t => t.InstallTime), copy.Terms.Select(t => t.InstallTime));
        Assert.Equal(keyring.Terms.Select(t => t.Key), copy.Terms.Select(t => t.Key));
    }

    [Fact]
    public void Serialize_Layout_IsVersionCountThenFixedSizeTerms()
    {
        var data = Keyring.Create(_time).Rotate(_time).Serialize();
        Assert.Equal(1, data[0]);
        Assert.Equal(2, BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(1)));
        Assert.Equal(5 + (2 * 44), data.Length);
        Assert.Equal(2, BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(5 + 44)));
    }

    [Fact]
    public void Deserialize_MalformedInput_ThrowsFormatException()
    {
        var valid = Keyring.Create(_time).Rotate(_time).Serialize();

        Assert.Throws<FormatException>(() => Keyring.Deserialize([]));
        Assert.Throws<FormatException>(() => Keyring.Deserialize(WithByte(valid, 0, 2)));
        Assert.Throws<FormatException>(() => Keyring.Deserialize(valid[..^1]));
        Assert.Throws<FormatException>(() => Keyring.Deserialize([.. valid, 0]));

        var zeroCount = valid.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(zeroCount.AsSpan(1), 0);
        Assert.Throws<FormatException>(() => Keyring.Deserialize(zeroCount[..5]));

        var descending = valid.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(descending.AsSpan(5 + 44), 1);
        Assert.Throws<FormatException>(() => Keyring.Deserialize(descending));
    }

    [Fact]
    public void TryGetTerm_KnownAndUnknownTerms_FindsOnlyKnown()
    {
        var keyring = Keyring.Create(_time).Rotate(_time);
        Assert.True(keyring.TryGetTerm(1, out var first));
        Assert.Equal(1, first.Term);
        Assert.False(keyring.TryGetTerm(3, out _));
        Assert.False(keyring.TryGetTerm(0, out _));
    }

    [Fact]
    public void ZeroKeys_Keyring_WipesEveryKey()
    {
        var keyring = Keyring.Create(_time).Rotate(_time);
        keyring.ZeroKeys();
        Assert.All(keyring.Terms, t => Assert.All(t.Key, b => Assert.Equal(0, b)));
    }

    private static byte[] WithByte(byte[] data, int index, byte value)
    {
        var copy = data.ToArray();
        copy[index] = value;
        return copy;
    }
}
