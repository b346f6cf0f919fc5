using Coffer.Replication.Protocol;
using Google.Protobuf;

namespace Coffer.Replication.Tests.Protocol;

public sealed class ReceivedBytesTests
{
    [Fact]
    public void Take_FieldOfAParsedMessage_IsItsOwnArrayAndOutlivesTheInput()
    {
        var wire = new Mutation { Key = "logical/m/a", Value = ByteString.CopyFrom(1, 2, 3) }.ToByteArray();
        var parsed = Mutation.Parser.ParseFrom(wire);

        var taken = ReceivedBytes.Take(parsed.Value);
        Array.Clear(wire);

        // Not copied again (the same array both times), and not a view of the buffer it was parsed from.
        Assert.Same(taken, ReceivedBytes.Take(parsed.Value));
        Assert.Equal([1, 2, 3], taken);
    }

    [Fact]
    public void Take_ValueOverPartOfAnArray_IsCopied()
    {
        byte[] buffer = [9, 1, 2, 9];

        var taken = ReceivedBytes.Take(UnsafeByteOperations.UnsafeWrap(buffer.AsMemory(1, 2)));
        buffer[1] = 7;

        Assert.Equal([1, 2], taken);
    }

    [Fact]
    public void Take_EmptyValue_IsEmpty() => Assert.Empty(ReceivedBytes.Take(Mutation.Parser.ParseFrom(new Mutation { Key = "k" }.ToByteArray()).Value));
}
