using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Coffer.Sdk.Logical;

public static class StorageExtensions
{
    /// <summary>Reads and deserialises a JSON entry, or returns default when absent.</summary>
    public static Task<T?> GetJsonAsync<T>(this IStorage storage, string key, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return storage.ReadAsync(key, value => JsonSerializer.Deserialize(value, typeInfo), cancellationToken);
    }

    public static Task PutJsonAsync<T>(this IStorage storage, string key, T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default) =>
        storage.PutAsync(new StorageEntry(key, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo)), cancellationToken);

    /// <summary>Every key below <paramref name="prefix"/>, recursively, relative to the prefix.</summary>
    public static async Task<IReadOnlyList<string>> ListRecursiveAsync(this IStorage storage, string prefix, CancellationToken cancellationToken = default)
    {
        var result = new List<string>();
        var pending = new Stack<string>();
        pending.Push(string.Empty);
        while (pending.Count > 0)
        {
            var relative = pending.Pop();
            foreach (var child in await storage.ListAsync(prefix + relative, cancellationToken).ConfigureAwait(false))
            {
                if (child.EndsWith('/'))
                {
                    pending.Push(relative + child);
                }
                else
                {
                    result.Add(relative + child);
                }
            }
        }

        result.Sort(StringComparer.Ordinal);
        return result;
    }

    /// <summary>Deletes every key below <paramref name="prefix"/>.</summary>
    public static async Task ClearAsync(this IStorage storage, string prefix, CancellationToken cancellationToken = default)
    {
        foreach (var key in await storage.ListRecursiveAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            await storage.DeleteAsync(prefix + key, cancellationToken).ConfigureAwait(false);
        }
    }
}
