namespace Coffer.Sdk.Physical;

/// <summary>One key/value pair as the untrusted storage layer sees it (ciphertext above the barrier).</summary>
public sealed record PhysicalEntry(string Key, byte[] Value);
