using System.Text;

namespace Coffer.Raft.Commands;

/// <summary>Writes varints, length-prefixed strings and byte strings into a buffer sized up front.</summary>
internal struct BinaryCursorWriter(byte[] buffer) : ICommandWriter
{
    private readonly byte[] _buffer = buffer;
    private int _position;

    public readonly int Length => _position;

    public void WriteByte(byte value) => _buffer[_position++] = value;

    public void WriteVarInt(int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        var remaining = (uint)value;
        while (remaining >= 0x80)
        {
            _buffer[_position++] = (byte)(remaining | 0x80);
            remaining >>= 7;
        }

        _buffer[_position++] = (byte)remaining;
    }

    public void WriteString(ReadOnlySpan<char> value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteVarInt(length);
        _position += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_position));
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteVarInt(value.Length);
        value.CopyTo(_buffer.AsSpan(_position));
        _position += value.Length;
    }
}
