namespace Coffer.Core.Ha;

/// <summary>Opens a blob the active node sealed with the barrier keyring for <paramref name="purpose"/>.</summary>
public delegate byte[] SealedBlobOpener(string purpose, ReadOnlySpan<byte> sealedBlob);
