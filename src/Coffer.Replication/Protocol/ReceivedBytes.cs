using System.Runtime.InteropServices;
using Google.Protobuf;

namespace Coffer.Replication.Protocol;

/// <summary>
/// The value of a bytes field of a message parsed from the wire, as an array its receiver may keep and hand over to
/// storage (<see cref="Sdk.Physical.PhysicalOperation.PutHandedOver"/>).
/// </summary>
/// <remarks>
/// Parsing gives each bytes field an array of its own, exactly its length, which nothing else references or ever
/// changes once the message is dropped; taking that array saves the secondary a second copy of every replicated value
/// (its streaming profile was dominated by allocating fresh memory). A value that does not span its whole array (a
/// <see cref="ByteString"/> built some other way) is copied.
/// </remarks>
internal static class ReceivedBytes
{
    public static byte[] Take(ByteString value) =>
        MemoryMarshal.TryGetArray(value.Memory, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : value.ToByteArray();
}
