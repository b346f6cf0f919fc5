namespace Coffer.Sdk.Physical;

/// <summary>One mutation inside a transaction: a put (Value set) or a delete (Value null).</summary>
public sealed record PhysicalOperation(string Key, byte[]? Value)
{
    public static PhysicalOperation Put(string key, byte[] value) => new(key, value);

    public static PhysicalOperation Delete(string key) => new(key, null);

    public bool IsDelete => Value is null;
}
