using System.Text;

namespace Coffer.Raft.Commands;

/// <summary>Reads what <see cref="BinaryCursorWriter"/> wrote; any truncation or overrun is <see cref="InvalidDataException"/>.</summary>
internal ref struct BinaryCursorReader(ReadOnlySpan<byte> data)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public byte ReadByte()
    {
        if (_position >= _data.Length)
        {
            throw Truncated();
        }

        return _data[_position++];
    }

    public int ReadVarInt()
    {
        uint result = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var next = ReadByte();
            result |= (uint)(next & 0x7F) << shift;
            if ((next & 0x80) == 0)
            {
                return result > int.MaxValue ? throw new InvalidDataException("A length is out of range.") : (int)result;
            }
        }

        throw new InvalidDataException("A length is malformed.");
    }

    public string ReadString()
    {
        try
        {
            return StrictUtf8.GetString(Take(ReadVarInt()));
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException("A string is not valid UTF-8.", e);
        }
    }

    public byte[] ReadBytes() => Take(ReadVarInt()).ToArray();

    public readonly void EnsureEnd()
    {
        if (_position != _data.Length)
        {
            throw new InvalidDataException("Unexpected bytes after the end of the command.");
        }
    }

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length > _data.Length - _position)
        {
            throw Truncated();
        }

        var slice = _data.Slice(_position, length);
        _position += length;
        return slice;
    }

    private static InvalidDataException Truncated() => new("The command is truncated.");
}
