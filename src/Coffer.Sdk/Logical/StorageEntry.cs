namespace Coffer.Sdk.Logical;

/// <summary>A plaintext entry as a backend sees it, above the barrier.</summary>
public sealed record StorageEntry(string Key, byte[] Value);
