namespace Coffer.Raft.Commands;

/// <summary>
/// The primitives a storage command is encoded with. One encoder drives both implementations, so the size a command
/// reports (<see cref="BinaryCursorSizer"/>) is by construction the number of bytes it writes (<see cref="BinaryCursorWriter"/>).
/// </summary>
internal interface ICommandWriter
{
    void WriteByte(byte value);

    void WriteVarInt(int value);

    void WriteString(ReadOnlySpan<char> value);

    void WriteBytes(ReadOnlySpan<byte> value);
}
