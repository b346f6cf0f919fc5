using System.Text;

namespace Coffer.Raft.Commands;

/// <summary>Counts the bytes a <see cref="BinaryCursorWriter"/> would write, without a buffer.</summary>
internal struct BinaryCursorSizer : ICommandWriter
{
    public long Length { get; private set; }

    public void WriteByte(byte value) => Length++;

    public void WriteVarInt(int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        Length += VarIntLength((uint)value);
    }

    public void WriteString(ReadOnlySpan<char> value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        Length += VarIntLength((uint)length) + length;
    }

    public void WriteBytes(ReadOnlySpan<byte> value) => Length += VarIntLength((uint)value.Length) + value.Length;

    private static int VarIntLength(uint value) => value switch
    {
        < 1u << 7 => 1,
        < 1u << 14 => 2,
        < 1u << 21 => 3,
        < 1u << 28 => 4,
        _ => 5,
    };
}
