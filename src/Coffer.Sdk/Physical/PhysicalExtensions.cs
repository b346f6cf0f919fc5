namespace Coffer.Sdk.Physical;

public static class PhysicalExtensions
{
    /// <summary>
    /// Lists one page of <see cref="IPhysicalBackend.ListAsync"/>: the keys after <paramref name="after"/>
    /// (exclusive, ordinal), at most <paramref name="limit"/> of them (all when limit &lt;= 0).
    /// </summary>
    public static async Task<IReadOnlyList<string>> ListPageAsync(
        this IPhysicalBackend backend, string prefix, string after, int limit, CancellationToken cancellationToken = default)
    {
        var keys = await backend.ListAsync(prefix, cancellationToken).ConfigureAwait(false);
        IEnumerable<string> page = keys.Where(k => string.CompareOrdinal(k, after) > 0);
        if (limit > 0)
        {
            page = page.Take(limit);
        }

        return page.ToList();
    }
}
