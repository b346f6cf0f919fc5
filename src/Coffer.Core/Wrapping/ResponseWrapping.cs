using System.Text.Json.Nodes;
using Coffer.Core.Crypto;
using Coffer.Core.Routing;
using Coffer.Core.Tokens;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Wrapping;

/// <summary>
/// Response wrapping: a response is stored in the cubbyhole of a new single-use token, and the client receives only
/// that token. Whoever unwraps it first gets the response; a second unwrap, or one after the TTL, fails.
/// </summary>
public sealed class ResponseWrapping(CofferCore core)
{
    public const string PolicyName = Policies.BuiltinPolicies.ResponseWrappingName;
    private const string ResponseKey = "response";

    /// <summary>Stores the response under a new wrapping token and returns the response that replaces it.</summary>
    public async Task<LogicalResponse> WrapAsync(byte[] envelope, string creationPath, TimeSpan ttl, string wrappedAccessor, CancellationToken cancellationToken)
    {
        var now = core.Time.GetUtcNow();
        var token = new TokenEntry
        {
            Id = TokenStore.NewServiceTokenId(),
            Accessor = Base62.Random(TokenTypes.RandomBodyLength),
            Policies = [PolicyName],
            Path = creationPath,
            DisplayName = "response-wrapping",
            NumUses = 1,
            CreationTime = now.ToUnixTimeSeconds(),
            IssueTime = now,
            Ttl = (long)Math.Ceiling(ttl.TotalSeconds),
            CubbyholeId = Base62.Random(TokenTypes.RandomBodyLength),
        };
        await core.Tokens.StoreAsync(token, cancellationToken).ConfigureAwait(false);
        await CubbyholeOf(token).PutAsync(new StorageEntry(ResponseKey, envelope), cancellationToken).ConfigureAwait(false);
        return new LogicalResponse
        {
            WrapInfo = new WrapInfo(token.Id, token.Accessor, token.Ttl, now, creationPath, wrappedAccessor),
        };
    }

    /// <summary>Returns the wrapped response's JSON and destroys the wrapping token.</summary>
    public async Task<byte[]> UnwrapAsync(string wrappingToken, CancellationToken cancellationToken)
    {
        var token = await FindAsync(wrappingToken, cancellationToken).ConfigureAwait(false);
        var stored = await CubbyholeOf(token).GetAsync(ResponseKey, cancellationToken).ConfigureAwait(false);
        await core.Tokens.RevokeTreeAsync(token, cancellationToken).ConfigureAwait(false);
        return stored?.Value ?? throw CofferException.BadRequest("wrapping token is not valid or does not exist");
    }

    public async Task<JsonObject> LookupAsync(string wrappingToken, CancellationToken cancellationToken)
    {
        var token = await FindAsync(wrappingToken, cancellationToken).ConfigureAwait(false);
        return new JsonObject
        {
            ["creation_path"] = token.Path,
            ["creation_time"] = ResponseEnvelope.FormatTime(token.IssueTime),
            ["creation_ttl"] = token.Ttl,
        };
    }

    /// <summary>Moves a wrapped response to a new wrapping token with the same TTL.</summary>
    public async Task<LogicalResponse> RewrapAsync(string wrappingToken, CancellationToken cancellationToken)
    {
        var token = await FindAsync(wrappingToken, cancellationToken).ConfigureAwait(false);
        var envelope = await UnwrapAsync(wrappingToken, cancellationToken).ConfigureAwait(false);
        return await WrapAsync(envelope, token.Path, TimeSpan.FromSeconds(token.Ttl), string.Empty, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TokenEntry> FindAsync(string wrappingToken, CancellationToken cancellationToken)
    {
        var token = await core.Tokens.LookupAsync(wrappingToken, cancellationToken).ConfigureAwait(false);
        return token is not null && token.Policies is [PolicyName]
            ? token
            : throw CofferException.BadRequest("wrapping token is not valid or does not exist");
    }

    private StorageView CubbyholeOf(TokenEntry token)
    {
        var mount = core.Mounts.Find(BuiltinMounts.Cubbyhole) ?? throw new CofferException(ErrorKind.Internal, "cubbyhole is not mounted");
        return new StorageView(core.StorageFor(mount), token.CubbyholeId + "/");
    }
}
