using System.Text.Json;
using Coffer.Core.Json;

namespace Coffer.Core.Tokens;

/// <summary>Walking every stored token, for expiry and tidy.</summary>
public sealed partial class TokenStore
{
    public async Task<IReadOnlyList<TokenEntry>> ListStoredAsync(CancellationToken cancellationToken)
    {
        var result = new List<TokenEntry>();
        foreach (var key in await _view.ListAsync(IdPrefix, cancellationToken).ConfigureAwait(false))
        {
            var stored = await _view.GetAsync(IdPrefix + key, cancellationToken).ConfigureAwait(false);
            if (stored is not null && JsonSerializer.Deserialize(stored.Value, CoreJsonContext.Default.TokenEntry) is { } entry)
            {
                result.Add(entry);
            }
        }

        return result;
    }
}
