using System.Text.Json;
using Coffer.Core.Json;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Tokens;

/// <summary>Token roles, stored under <c>sys/token/roles/</c>.</summary>
public sealed partial class TokenStore
{
    private const string RolesPrefix = "roles/";

    public async Task<TokenRole?> GetRoleAsync(string name, CancellationToken cancellationToken)
    {
        var entry = await _view.GetAsync(RolesPrefix + name.ToLowerInvariant(), cancellationToken).ConfigureAwait(false);
        return entry is null ? null : JsonSerializer.Deserialize(entry.Value, CoreJsonContext.Default.TokenRole);
    }

    public Task SetRoleAsync(TokenRole role, CancellationToken cancellationToken) =>
        _view.PutAsync(new StorageEntry(RolesPrefix + role.Name.ToLowerInvariant(), JsonSerializer.SerializeToUtf8Bytes(role, CoreJsonContext.Default.TokenRole)), cancellationToken);

    public Task DeleteRoleAsync(string name, CancellationToken cancellationToken) =>
        _view.DeleteAsync(RolesPrefix + name.ToLowerInvariant(), cancellationToken);

    public Task<IReadOnlyList<string>> ListRolesAsync(CancellationToken cancellationToken) =>
        _view.ListAsync(RolesPrefix, cancellationToken);
}
