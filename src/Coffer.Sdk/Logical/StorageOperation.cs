namespace Coffer.Sdk.Logical;

/// <summary>A plaintext mutation inside a storage transaction: put (Value set) or delete (Value null).</summary>
public sealed record StorageOperation(string Key, byte[]? Value)
{
    public static StorageOperation Put(string key, byte[] value) => new(key, value);

    public static StorageOperation Delete(string key) => new(key, null);
}
