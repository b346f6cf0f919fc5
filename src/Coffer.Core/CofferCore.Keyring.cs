using Microsoft.Extensions.Logging;

namespace Coffer.Core;

/// <summary>Keyring rotation.</summary>
public sealed partial class CofferCore
{
    public async Task RotateKeyringAsync(CancellationToken cancellationToken)
    {
        var status = await Barrier.RotateAsync(cancellationToken).ConfigureAwait(false);
        Log.Rotated(_logger, status.Term);
    }
}
