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

    /// <summary>A count of items that each take at least one more byte: a count the rest cannot hold is malformed.</summary>
    public int ReadCount()
    {
        var count = ReadVarInt();
        return count <= _data.Length - _position ? count : throw new InvalidDataException("A count is larger than the command.");
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

    /// <summary>A length-prefixed UTF-8 string appended to <paramref name="prefix"/> (a prefix-coded key).</summary>
    public string ReadString(ReadOnlySpan<char> prefix)
    {
        var utf8 = Take(ReadVarInt());
        try
        {
            var length = prefix.Length + StrictUtf8.GetCharCount(utf8);
            Span<char> chars = length <= 256 ? stackalloc char[length] : new char[length];
            prefix.CopyTo(chars);
            StrictUtf8.GetChars(utf8, chars[prefix.Length..]);
            return new string(chars);
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
