using System.Security.Cryptography;

namespace Coffer.Core.Barrier;

/// <summary>
/// Random GCM nonces, drawn from a per-thread buffer refilled from the OS CSPRNG. One CSPRNG call
/// costs about as much as encrypting a kilobyte, so drawing 128 nonces per call keeps it off the hot
/// path. Buffering is safe because nonces are public (they are written in front of every ciphertext):
/// all GCM needs is that they never repeat, and each buffered byte is handed out exactly once.
/// </summary>
internal static class NonceSource
{
    private const int NoncesPerRefill = 128;
    private const int BufferSize = NoncesPerRefill * BarrierEnvelope.NonceSize;

    [ThreadStatic]
    private static byte[]? t_buffer;

    [ThreadStatic]
    private static int t_offset;

    public static void Fill(Span<byte> nonce)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nonce.Length, BufferSize);
        var buffer = t_buffer;
        var offset = t_offset;
        if (buffer is null || offset + nonce.Length > buffer.Length)
        {
            buffer = t_buffer ??= new byte[BufferSize];
            RandomNumberGenerator.Fill(buffer);
            offset = 0;
        }

        buffer.AsSpan(offset, nonce.Length).CopyTo(nonce);
        t_offset = offset + nonce.Length;
    }
}
