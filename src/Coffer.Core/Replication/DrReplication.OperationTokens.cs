using Coffer.Core.Tokens;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Replication;

/// <summary>Who may run the DR operations of a secondary: the <c>dr_operation_token</c> in the request body.</summary>
public sealed partial class DrReplication
{
    /// <summary>
    /// Checks <paramref name="token"/> as a batch DR operation token for <c>update</c> on <paramref name="path"/>:
    /// a batch token (decrypted with the replicated keyring, so one minted on the primary works here), not expired,
    /// an orphan (its parent cannot be vouched for across clusters), whose replicated policies grant <c>update</c>.
    /// Threshold-generated DR operation tokens come later; until then only batch tokens are accepted.
    /// </summary>
    public async Task ValidateOperationTokenAsync(string path, string token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            throw DrErrors.OperationTokenMissing();
        }

        if (!token.StartsWith(TokenTypes.BatchPrefix, StringComparison.Ordinal))
        {
            throw new CofferException(ErrorKind.PermissionDenied, ["permission denied", "a DR operation token must be a batch token (hvb.)"]);
        }

        var entry = await _core.AuthenticateAsync(token, cancellationToken).ConfigureAwait(false);
        if (!entry.IsOrphan)
        {
            throw new CofferException(ErrorKind.PermissionDenied, ["permission denied", "a batch DR operation token must be an orphan token"]);
        }

        var acl = await _core.Policies.AclForAsync(entry.Policies, cancellationToken).ConfigureAwait(false);
        if (!acl.Evaluate(Operation.Update, path, null, null).Allowed)
        {
            throw CofferException.PermissionDenied();
        }
    }
}
