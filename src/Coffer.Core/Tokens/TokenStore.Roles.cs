using System.Collections.Concurrent;
using System.Text.Json;
using Coffer.Core.Json;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Tokens;

/// <summary>Token roles, stored under <c>sys/token/roles/</c>.</summary>
public sealed partial class TokenStore
{
    private const string RolesPrefix = "roles/";

    /// <summary>
    /// Roles read on every role-based token creation are cached; every change goes through this store, which clears
    /// the entry, and <see cref="InvalidateCaches"/> drops all of them when storage changes underneath (replication).
    /// </summary>
    private readonly ConcurrentDictionary<string, TokenRole?> _roles = new(StringComparer.Ordinal);

    public async Task<TokenRole?> GetRoleAsync(string name, CancellationToken cancellationToken)
    {
        var key = name.ToLowerInvariant();
        if (_roles.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var entry = await _view.GetAsync(RolesPrefix + key, cancellationToken).ConfigureAwait(false);
        var role = entry is null ? null : JsonSerializer.Deserialize(entry.Value, CoreJsonContext.Default.TokenRole);
        _roles[key] = role;
        return role;
    }

    public async Task SetRoleAsync(TokenRole role, CancellationToken cancellationToken)
    {
        var key = role.Name.ToLowerInvariant();
        await _view.PutAsync(new StorageEntry(RolesPrefix + key, JsonSerializer.SerializeToUtf8Bytes(role, CoreJsonContext.Default.TokenRole)), cancellationToken).ConfigureAwait(false);
        _roles.TryRemove(key, out _);
    }

    public async Task DeleteRoleAsync(string name, CancellationToken cancellationToken)
    {
        var key = name.ToLowerInvariant();
        await _view.DeleteAsync(RolesPrefix + key, cancellationToken).ConfigureAwait(false);
        _roles.TryRemove(key, out _);
    }


    public Task<IReadOnlyList<string>> ListRolesAsync(CancellationToken cancellationToken) =>
        _view.ListAsync(RolesPrefix, cancellationToken);
}
