namespace Coffer.Sdk.Physical;

/// <summary>One mutation inside a transaction: a put (Value set) or a delete (Value null).</summary>
public sealed record PhysicalOperation(string Key, byte[]? Value)
{
    /// <summary>
    /// True when the caller gave the value up: it will never change or reuse the array, so a backend may keep it
    /// as it is instead of copying it. Otherwise the caller may change the array once the commit returns.
    /// </summary>
    public bool ValueHandedOver { get; init; }

    public static PhysicalOperation Put(string key, byte[] value) => new(key, value);

    /// <summary>A put whose freshly made <paramref name="value"/> no one else holds (see <see cref="ValueHandedOver"/>).</summary>
    public static PhysicalOperation PutHandedOver(string key, byte[] value) => new(key, value) { ValueHandedOver = true };

    public static PhysicalOperation Delete(string key) => new(key, null);

    public bool IsDelete => Value is null;
}
