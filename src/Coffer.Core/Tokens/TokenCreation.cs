using System.Text.RegularExpressions;
using Coffer.Core.Crypto;
using Coffer.Core.Telemetry;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Helpers;

namespace Coffer.Core.Tokens;

/// <summary>
/// The rules that turn a create request, the caller's token and an optional role into a new token entry:
/// type, parentage, policies, TTL and use limits, with Vault's error and warning texts.
/// </summary>
internal sealed partial class TokenCreation(CofferCore core)
{
    public sealed record Result(TokenEntry Entry, string ClientToken, IReadOnlyList<string> Warnings);

    public async Task<Result> CreateAsync(
        TokenEntry caller, bool rootPrivileges, TokenRole? role, string creationPath, bool orphanPath, TokenCreateRequest request, CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        if (caller.IsBatch)
        {
            throw CofferException.BadRequest("batch tokens cannot create more tokens");
        }

        if (caller.NumUses > 0)
        {
            throw CofferException.BadRequest("restricted use token cannot generate child tokens");
        }

        if (request.Type is not ("" or TokenTypes.Service or TokenTypes.Batch))
        {
            throw CofferException.BadRequest("invalid 'token_type' value");
        }

        var type = role is null ? (request.Type.Length > 0 ? request.Type : TokenTypes.Service) : TokenRoleTypes.Resolve(role.TokenType, request.Type);
        var isBatch = type == TokenTypes.Batch;

        var orphan = orphanPath || role?.Orphan == true;
        if (request.NoParent)
        {
            if (!rootPrivileges)
            {
                throw CofferException.BadRequest("root or sudo privileges required to create orphan token");
            }

            orphan = true;
        }

        if (request.EntityAlias.Length > 0 && role is null)
        {
            throw CofferException.BadRequest("'entity_alias' is only allowed in combination with token role");
        }

        if (request.EntityAlias.Length > 0
            && !role!.AllowedEntityAliases.Any(pattern => PolicyLists.GlobMatches(pattern, request.EntityAlias.ToLowerInvariant())))
        {
            throw CofferException.BadRequest("invalid 'entity_alias' value");
        }

        var id = ValidateCustomId(request, rootPrivileges, isBatch, warnings);
        var policies = await ResolvePoliciesAsync(caller, rootPrivileges, role, request, warnings, cancellationToken).ConfigureAwait(false);
        if (policies.Count == 1 && policies[0] == "root")
        {
            if (!caller.IsRoot)
            {
                throw CofferException.BadRequest("root tokens may not be created without parent token being root");
            }

            if (isBatch)
            {
                throw CofferException.BadRequest("batch tokens cannot be root tokens");
            }
        }

        if (request.Ttl < TimeSpan.Zero)
        {
            throw CofferException.BadRequest("ttl must be positive");
        }

        if (request.ExplicitMaxTtl < TimeSpan.Zero)
        {
            throw CofferException.BadRequest("explicit_max_ttl must be positive");
        }

        if (request.Period < TimeSpan.Zero)
        {
            throw CofferException.BadRequest("period must be positive");
        }

        if (request.NumUses < 0)
        {
            throw CofferException.BadRequest("number of uses cannot be negative");
        }

        if (request.Period > TimeSpan.Zero && role is null && !rootPrivileges)
        {
            throw CofferException.BadRequest("root or sudo privileges required to create periodic token");
        }

        var explicitMax = (long)request.ExplicitMaxTtl.TotalSeconds;
        var period = (long)request.Period.TotalSeconds;
        var numUses = (int)request.NumUses;
        if (role is not null)
        {
            explicitMax = Lesser(explicitMax, role.TokenExplicitMaxTtl, "Explicit max TTL", warnings);
            period = Lesser(period, role.TokenPeriod, "Period", warnings);
            numUses = numUses == 0 ? role.TokenNumUses : role.TokenNumUses == 0 ? numUses : Math.Min(numUses, role.TokenNumUses);
        }

        if (isBatch)
        {
            if (period > 0)
            {
                throw CofferException.BadRequest("batch tokens cannot have \"period\" set");
            }

            if (explicitMax > 0)
            {
                throw CofferException.BadRequest("batch tokens cannot have \"explicit_max_ttl\" set");
            }

            if (numUses > 0)
            {
                throw CofferException.BadRequest("batch tokens cannot have \"num_uses\" set");
            }

            if (id.Length > 0)
            {
                throw CofferException.BadRequest("batch tokens cannot have a custom ID");
            }
        }

        var ttl = ComputeTtl(caller, policies, (long)request.Ttl.TotalSeconds, explicitMax, period, warnings);
        var renewable = (request.Renewable ?? true) && (role?.Renewable ?? true) && !isBatch && ttl != 0;

        var now = core.Time.GetUtcNow();
        var rolePath = role is null ? string.Empty : role.Name + (role.PathSuffix.Length > 0 ? "/" + role.PathSuffix : string.Empty);
        var entry = new TokenEntry
        {
            Id = isBatch ? string.Empty : id.Length > 0 ? id : TokenStore.NewServiceTokenId(),
            Accessor = isBatch ? string.Empty : Base62.Random(TokenTypes.RandomBodyLength),
            Parent = orphan ? string.Empty : caller.Id,
            Policies = policies,
            Path = role is null ? creationPath : "auth/token/create/" + rolePath,
            Meta = request.Meta is { Count: > 0 } ? request.Meta : null,
            DisplayName = DisplayName(request.DisplayName),
            NumUses = numUses,
            CreationTime = now.ToUnixTimeSeconds(),
            IssueTime = now,
            Ttl = ttl,
            ExplicitMaxTtl = explicitMax,
            Period = period,
            Role = role?.Name ?? string.Empty,
            EntityId = orphan ? string.Empty : caller.EntityId,
            BoundCidrs = role?.TokenBoundCidrs ?? (orphan ? [] : caller.BoundCidrs),
            Type = type,
            Renewable = renewable,
            CubbyholeId = isBatch ? string.Empty : Base62.Random(TokenTypes.RandomBodyLength),
        };

        string clientToken;
        if (isBatch)
        {
            clientToken = core.Tokens.EncodeBatchToken(entry);
        }
        else
        {
            if (id.Length > 0 && await core.Tokens.LookupAsync(id, cancellationToken).ConfigureAwait(false) is not null)
            {
                throw CofferException.BadRequest("cannot create a token with a duplicate ID");
            }

            await core.Tokens.StoreAsync(entry, cancellationToken).ConfigureAwait(false);
            clientToken = entry.Id;
        }

        CoreMetrics.TokenCreation.Add(1, new KeyValuePair<string, object?>("token_type", type), new KeyValuePair<string, object?>("creation_path", entry.Path));
        return new Result(entry with { Id = clientToken }, clientToken, warnings);
    }

    private static string ValidateCustomId(TokenCreateRequest request, bool rootPrivileges, bool isBatch, List<string> warnings)
    {
        if (request.Id.Length == 0)
        {
            return string.Empty;
        }

        if (!rootPrivileges)
        {
            throw CofferException.BadRequest("root or sudo privileges required to specify token id");
        }

        if (request.Id.StartsWith("hvs.", StringComparison.Ordinal))
        {
            throw CofferException.BadRequest("custom token ID cannot have the 'hvs.' prefix");
        }

        if (request.Id.StartsWith("s.", StringComparison.Ordinal))
        {
            throw CofferException.BadRequest("custom token ID cannot have the 's.' prefix");
        }

        if (request.Id.Contains('.', StringComparison.Ordinal))
        {
            throw CofferException.BadRequest("custom token ID cannot have a '.' in the value");
        }

        if (!isBatch)
        {
            warnings.Add("Supplying a custom ID for the token uses the weaker SHA1 hashing instead of the more secure SHA2-256 HMAC for token obfuscation. SHA1 hashed tokens on the wire leads to less secure lookups.");
        }

        return request.Id;
    }

    private async Task<IReadOnlyList<string>> ResolvePoliciesAsync(
        TokenEntry caller, bool rootPrivileges, TokenRole? role, TokenCreateRequest request, List<string> warnings, CancellationToken cancellationToken)
    {
        var requested = PolicyLists.Sanitize(request.Policies);
        var noDefault = request.NoDefaultPolicy || role?.TokenNoDefaultPolicy == true;
        List<string> result;
        if (role is not null && role.HasPolicyLists)
        {
            var addDefault = !noDefault && !role.DisallowedPolicies.Contains("default")
                && !role.DisallowedPoliciesGlob.Any(g => PolicyLists.GlobMatches(g, "default"));
            if (requested.Count > 0)
            {
                var allowedSet = role.AllowedPolicies.Append("default").ToHashSet(StringComparer.Ordinal);
                var restrictive = role.AllowedPolicies.Count > 0 || role.AllowedPoliciesGlob.Count > 0;
                var outside = requested.Where(p => !allowedSet.Contains(p) && !role.AllowedPoliciesGlob.Any(g => PolicyLists.GlobMatches(g, p))).ToList();
                if (restrictive && outside.Count > 0)
                {
                    throw CofferException.BadRequest(
                        $"token policies ({Quote(requested)}) must be subset of the role's allowed policies ({Quote(role.AllowedPolicies)}) or glob policies ({Quote(role.AllowedPoliciesGlob)})");
                }

                result = [.. requested];
            }
            else
            {
                result = role.AllowedPolicies.Count > 0 ? [.. role.AllowedPolicies] : caller.Policies.Where(p => p != "default").ToList();
            }

            if (addDefault)
            {
                result.Add("default");
            }

            foreach (var policy in result)
            {
                if (role.DisallowedPolicies.Contains(policy) || role.DisallowedPoliciesGlob.Any(g => PolicyLists.GlobMatches(g, policy)))
                {
                    throw CofferException.BadRequest($"token policy \"{policy}\" is disallowed by this role");
                }
            }
        }
        else if (!request.PoliciesGiven || requested.Count == 0)
        {
            result = [.. caller.Policies];
        }
        else if (!rootPrivileges && !caller.IsRoot)
        {
            var parentPolicies = caller.Policies.ToHashSet(StringComparer.Ordinal);
            if (requested.Any(p => p != "default" && !parentPolicies.Contains(p)))
            {
                throw CofferException.BadRequest("child policies must be subset of parent");
            }

            result = [.. requested];
            if (parentPolicies.Contains("default") && !noDefault)
            {
                result.Add("default");
            }
        }
        else
        {
            result = [.. requested];
            if (!noDefault && !result.Contains("root"))
            {
                result.Add("default");
            }
        }

        if (noDefault)
        {
            result.Remove("default");
        }

        foreach (var reserved in new[] { "response-wrapping", "control-group" })
        {
            if (result.Contains(reserved))
            {
                throw CofferException.BadRequest($"cannot assign policy \"{reserved}\"");
            }
        }

        var sanitized = PolicyLists.Sanitize(result);
        foreach (var policy in sanitized.Where(p => p is not ("root" or "default")))
        {
            if (!await core.Policies.ExistsAsync(policy, cancellationToken).ConfigureAwait(false))
            {
                warnings.Add($"Policy \"{policy}\" does not exist");
            }
        }

        return sanitized;
    }

    private long ComputeTtl(TokenEntry caller, IReadOnlyList<string> policies, long ttl, long explicitMax, long period, List<string> warnings)
    {
        var isRoot = policies.Count == 1 && policies[0] == "root";
        var (mountDefault, mountMax) = core.TokenMountTtls();
        if (period > 0 || ttl > 0 || !isRoot)
        {
            var maxTtl = mountMax;
            if (explicitMax > 0 && (maxTtl == 0 || explicitMax < maxTtl))
            {
                maxTtl = explicitMax;
            }

            if (period > 0)
            {
                if (maxTtl > 0 && period > maxTtl)
                {
                    warnings.Add($"period of \"{GoDuration.Format(TimeSpan.FromSeconds(period))}\" exceeded the effective max_ttl of \"{GoDuration.Format(TimeSpan.FromSeconds(maxTtl))}\"; period value is capped accordingly");
                    return maxTtl;
                }

                return period;
            }

            if (ttl == 0)
            {
                ttl = mountDefault;
            }

            if (maxTtl > 0 && ttl > maxTtl)
            {
                warnings.Add($"TTL of \"{GoDuration.Format(TimeSpan.FromSeconds(ttl))}\" exceeded the effective max_ttl of \"{GoDuration.Format(TimeSpan.FromSeconds(maxTtl))}\"; TTL value is capped accordingly");
                ttl = maxTtl;
            }

            return ttl;
        }

        if (explicitMax > 0)
        {
            return explicitMax;
        }

        if (caller.Ttl != 0)
        {
            throw CofferException.BadRequest("expiring root tokens cannot create non-expiring root tokens");
        }

        return 0;
    }

    private static long Lesser(long requested, long fromRole, string what, List<string> warnings)
    {
        if (fromRole == 0)
        {
            return requested;
        }

        if (requested == 0)
        {
            return fromRole;
        }

        var lesser = Math.Min(requested, fromRole);
        warnings.Add($"{what} specified both during creation call and in role; using the lesser value of {lesser} seconds");
        return lesser;
    }

    private static string DisplayName(string requested)
    {
        var name = requested.Length == 0 ? "token" : "token-" + NotNameCharacter().Replace(requested, "-");
        return name.TrimEnd('-');
    }

    private static string Quote(IEnumerable<string> values) => "[" + string.Join(" ", values.Select(v => $"\"{v}\"")) + "]";

    [GeneratedRegex("[^a-zA-Z0-9-]")]
    private static partial Regex NotNameCharacter();
}
