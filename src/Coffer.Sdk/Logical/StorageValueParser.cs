namespace Coffer.Sdk.Logical;

/// <summary>
/// Turns a stored value into what the caller keeps (see <see cref="IStorage.ReadAsync{T}"/>). The span is only valid
/// during the call, so whatever is returned was copied or parsed out of it.
/// </summary>
public delegate T StorageValueParser<out T>(ReadOnlySpan<byte> value);
