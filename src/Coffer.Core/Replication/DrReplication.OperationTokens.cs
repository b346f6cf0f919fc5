using Coffer.Core.Seal;
using Coffer.Core.Tokens;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Replication;

/// <summary>
/// Who may run the DR operations of a secondary: the <c>dr_operation_token</c> in the request body, either a batch
/// token from the primary or the token this secondary generated from a threshold of the primary's key shares.
/// </summary>
public sealed partial class DrReplication
{
    /// <summary>The second line of the 403 for a value that is neither a batch token nor the current generated token.</summary>
    public const string UnknownOperationTokenMessage =
        "invalid DR operation token: a generated DR operation token works only once, and this one was already used, was discarded, or was never generated on this cluster";

    /// <summary>
    /// Checks <paramref name="token"/> as a DR operation token for <c>update</c> on <paramref name="path"/>. A batch token
    /// (decrypted with the replicated keyring, so one minted on the primary works here) must not be expired, must be
    /// an orphan (its parent cannot be vouched for across clusters), and its replicated policies must grant
    /// <c>update</c>; it stays usable until it expires. Any other value must be this cluster's generated DR operation
    /// token, which is consumed by the check: it authorises exactly one operation.
    /// </summary>
    public async Task ValidateOperationTokenAsync(string path, string token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            throw DrErrors.OperationTokenMissing();
        }

        if (!token.StartsWith(TokenTypes.BatchPrefix, StringComparison.Ordinal))
        {
            if (!await _operationTokens.TryConsumeAsync(token, cancellationToken).ConfigureAwait(false))
            {
                throw new CofferException(ErrorKind.PermissionDenied, ["permission denied", UnknownOperationTokenMessage]);
            }

            DrLog.OperationTokenConsumed(_logger, path);
            return;
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

    /// <summary>
    /// Forgets this cluster's generated DR operation token and aborts a generate-operation-token ceremony in progress.
    /// Called when the cluster leaves DR-secondary mode (promote, disable), when it is re-activated against a primary,
    /// and by <c>operation-token/delete</c>. Safe to call when there is no token; takes no transition lock, so a
    /// transition may call it.
    /// </summary>
    public async Task DiscardOperationTokenAsync(CancellationToken cancellationToken)
    {
        _core.RootGeneration.Cancel(RootGenerationPurpose.DrOperationToken);
        if (await _operationTokens.DiscardAsync(cancellationToken).ConfigureAwait(false))
        {
            DrLog.OperationTokenDiscarded(_logger);
        }
    }

    /// <summary>
    /// Mints the DR operation token at the end of a generate-operation-token ceremony and stores its hash in place of
    /// any previous one. Only a DR secondary has one; the mode is checked under the transition lock, so a token cannot
    /// be stored just after a transition out of secondary mode discarded the previous one.
    /// </summary>
    internal Task<string> IssueOperationTokenAsync(CancellationToken cancellationToken) =>
        TransitionAsync(async () =>
        {
            RequireSecondaryMode();
            var token = await _operationTokens.IssueAsync(cancellationToken).ConfigureAwait(false);
            DrLog.OperationTokenGenerated(_logger);
            return token;
        }, cancellationToken);

    /// <summary>Whether this cluster holds a generated DR operation token that has not been used or discarded.</summary>
    internal Task<bool> HasOperationTokenAsync(CancellationToken cancellationToken) => _operationTokens.ExistsAsync(cancellationToken);
}
