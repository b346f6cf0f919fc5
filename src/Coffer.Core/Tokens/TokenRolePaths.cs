using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Framework;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Tokens;

/// <summary><c>auth/token/roles</c> and <c>auth/token/roles/:role_name</c>.</summary>
internal static partial class TokenRolePaths
{
    private static readonly FieldSchema[] RoleFields =
    [
        FieldSchema.String("role_name", "Name of the role."),
        FieldSchema.StringList("allowed_policies", "Policies tokens created from this role may have."),
        FieldSchema.StringList("disallowed_policies", "Policies tokens created from this role must not have."),
        FieldSchema.StringList("allowed_policies_glob", "Glob patterns of allowed policies."),
        FieldSchema.StringList("disallowed_policies_glob", "Glob patterns of disallowed policies."),
        FieldSchema.StringList("allowed_entity_aliases", "Entity aliases tokens may be created with."),
        FieldSchema.Bool("orphan", "Create orphan tokens."),
        FieldSchema.Bool("renewable", "Tokens are renewable."),
        FieldSchema.String("path_suffix", "Suffix appended to the creation path."),
        FieldSchema.StringList("token_bound_cidrs", "CIDR blocks the tokens may be used from."),
        FieldSchema.StringList("bound_cidrs", "Deprecated alias of token_bound_cidrs."),
        FieldSchema.Duration("token_explicit_max_ttl", "Hard cap on created tokens' lifetime."),
        FieldSchema.Duration("explicit_max_ttl", "Deprecated alias of token_explicit_max_ttl."),
        FieldSchema.Bool("token_no_default_policy", "Do not attach the default policy."),
        FieldSchema.Int("token_num_uses", "Maximum uses of created tokens."),
        FieldSchema.Duration("token_period", "Period of created (periodic) tokens."),
        FieldSchema.Duration("period", "Deprecated alias of token_period."),
        FieldSchema.String("token_type", "service, batch, default-service or default-batch."),
        FieldSchema.Duration("token_ttl", "Accepted for compatibility; the request's ttl applies."),
        FieldSchema.Duration("token_max_ttl", "Accepted for compatibility; use token_explicit_max_ttl."),
    ];

    public static IEnumerable<PathSpec> Create(CofferCore core) =>
    [
        new PathSpec("roles/?", [], Handlers.Of((Operation.List, async (_, _, ct) =>
            LogicalResponse.ListOf(await core.Tokens.ListRolesAsync(ct).ConfigureAwait(false)))))
        {
            Synopsis = "List the token roles.",
        },
        new PathSpec("roles/" + PathPatterns.Name("role_name"), RoleFields, Handlers.Of(
            (Operation.Read, async (_, data, ct) =>
                await core.Tokens.GetRoleAsync(data.GetString("role_name"), ct).ConfigureAwait(false) is { } role ? Describe(role) : null),
            (Operation.Create, (_, data, ct) => WriteAsync(core, data, ct)),
            (Operation.Update, (_, data, ct) => WriteAsync(core, data, ct)),
            (Operation.Delete, async (_, data, ct) =>
            {
                await core.Tokens.DeleteRoleAsync(data.GetString("role_name"), ct).ConfigureAwait(false);
                return null;
            })))
        {
            Synopsis = "Create, read, update or delete a token role.",
            ExistenceCheck = async (_, data, ct) => await core.Tokens.GetRoleAsync(data.GetString("role_name"), ct).ConfigureAwait(false) is not null,
        },
    ];

    /// <summary>Create applies defaults to missing fields; update keeps the stored values, as in Vault.</summary>
    private static async Task<LogicalResponse?> WriteAsync(CofferCore core, FieldData data, CancellationToken cancellationToken)
    {
        var name = data.GetString("role_name").ToLowerInvariant();
        var role = await core.Tokens.GetRoleAsync(name, cancellationToken).ConfigureAwait(false) ?? new TokenRole { Name = name };
        var response = new LogicalResponse();

        if (data.IsSet("allowed_policies"))
        {
            role = role with { AllowedPolicies = PolicyLists.Sanitize(data.GetStringList("allowed_policies")) };
        }

        if (data.IsSet("disallowed_policies"))
        {
            role = role with { DisallowedPolicies = PolicyLists.Sanitize(data.GetStringList("disallowed_policies")) };
        }

        if (data.IsSet("allowed_policies_glob"))
        {
            role = role with { AllowedPoliciesGlob = PolicyLists.Sanitize(data.GetStringList("allowed_policies_glob")) };
        }

        if (data.IsSet("disallowed_policies_glob"))
        {
            role = role with { DisallowedPoliciesGlob = PolicyLists.Sanitize(data.GetStringList("disallowed_policies_glob")) };
        }

        if (data.IsSet("allowed_entity_aliases"))
        {
            role = role with { AllowedEntityAliases = data.GetStringList("allowed_entity_aliases").Select(a => a.ToLowerInvariant()).ToList() };
        }

        if (data.IsSet("orphan"))
        {
            role = role with { Orphan = data.GetBool("orphan") };
        }

        if (data.IsSet("renewable"))
        {
            role = role with { Renewable = data.GetBool("renewable") };
        }

        if (data.IsSet("path_suffix"))
        {
            var suffix = data.GetString("path_suffix");
            if (suffix.Length > 0 && (!PathSuffix().IsMatch(suffix) || suffix.Contains("..", StringComparison.Ordinal)))
            {
                throw CofferException.BadRequest("given role path suffix contains invalid characters; must match \\w[\\w-.]+\\w");
            }

            role = role with { PathSuffix = suffix };
        }

        role = role with
        {
            TokenBoundCidrs = Preferred(data, "token_bound_cidrs", "bound_cidrs", response, d => d.GetStringList("token_bound_cidrs"), d => d.GetStringList("bound_cidrs")) ?? role.TokenBoundCidrs,
            TokenExplicitMaxTtl = Preferred(data, "token_explicit_max_ttl", "explicit_max_ttl", response, d => (long?)d.GetDuration("token_explicit_max_ttl").TotalSeconds, d => (long?)d.GetDuration("explicit_max_ttl").TotalSeconds) ?? role.TokenExplicitMaxTtl,
            TokenPeriod = Preferred(data, "token_period", "period", response, d => (long?)d.GetDuration("token_period").TotalSeconds, d => (long?)d.GetDuration("period").TotalSeconds) ?? role.TokenPeriod,
        };

        if (data.IsSet("token_no_default_policy"))
        {
            role = role with { TokenNoDefaultPolicy = data.GetBool("token_no_default_policy") };
        }

        if (data.IsSet("token_num_uses"))
        {
            var uses = data.GetInt("token_num_uses");
            if (uses < 0)
            {
                throw CofferException.BadRequest("token_num_uses cannot be negative");
            }

            role = role with { TokenNumUses = (int)uses };
        }

        if (data.IsSet("token_type"))
        {
            var type = data.GetString("token_type");
            if (type == "default")
            {
                type = TokenRoleTypes.DefaultService;
            }

            if (!TokenRoleTypes.IsValid(type))
            {
                throw CofferException.BadRequest($"invalid 'token_type' value \"{type}\"");
            }

            role = role with { TokenType = type };
        }

        ValidateBatch(role);
        var (_, mountMax) = core.TokenMountTtls();
        if (role.TokenExplicitMaxTtl > mountMax)
        {
            response.AddWarning($"Given explicit max TTL of {role.TokenExplicitMaxTtl} is greater than system/mount allowed value of {mountMax} seconds; until this is fixed attempting to create tokens against this role will result in an error");
        }

        await core.Tokens.SetRoleAsync(role, cancellationToken).ConfigureAwait(false);
        return response.Warnings.Count > 0 ? response : null;
    }

    private static void ValidateBatch(TokenRole role)
    {
        if (role.TokenType != TokenRoleTypes.Batch)
        {
            return;
        }

        var problem = !role.Orphan ? "non-orphan tokens"
            : role.TokenPeriod > 0 ? "periodic tokens"
            : role.Renewable ? "renewable tokens"
            : role.TokenExplicitMaxTtl > 0 ? "tokens with an explicit max TTL"
            : null;
        if (problem is not null)
        {
            throw CofferException.BadRequest($"'token_type' cannot be 'batch' when role is set to generate {problem}");
        }
    }

    /// <summary>The new field wins over its deprecated alias, with Vault's warning when both are sent.</summary>
    private static T? Preferred<T>(FieldData data, string field, string deprecated, LogicalResponse response, Func<FieldData, T?> read, Func<FieldData, T?> readDeprecated)
    {
        if (data.IsSet(field))
        {
            if (data.IsSet(deprecated))
            {
                response.AddWarning($"Both '{field}' and deprecated '{deprecated}' value supplied, ignoring the deprecated value");
            }

            return read(data);
        }

        return data.IsSet(deprecated) ? readDeprecated(data) : default;
    }

    private static LogicalResponse Describe(TokenRole role)
    {
        static JsonArray Array(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)v)]);
        var data = new JsonObject
        {
            ["allowed_entity_aliases"] = Array(role.AllowedEntityAliases),
            ["allowed_policies"] = Array(role.AllowedPolicies),
            ["allowed_policies_glob"] = Array(role.AllowedPoliciesGlob),
            ["disallowed_policies"] = Array(role.DisallowedPolicies),
            ["disallowed_policies_glob"] = Array(role.DisallowedPoliciesGlob),
            ["explicit_max_ttl"] = role.TokenExplicitMaxTtl,
            ["name"] = role.Name,
            ["orphan"] = role.Orphan,
            ["path_suffix"] = role.PathSuffix,
            ["period"] = role.TokenPeriod,
            ["renewable"] = role.Renewable,
            ["token_explicit_max_ttl"] = role.TokenExplicitMaxTtl,
            ["token_no_default_policy"] = role.TokenNoDefaultPolicy,
            ["token_period"] = role.TokenPeriod,
            ["token_type"] = role.TokenType,
        };
        if (role.TokenBoundCidrs.Count > 0)
        {
            data["token_bound_cidrs"] = Array(role.TokenBoundCidrs);
            data["bound_cidrs"] = Array(role.TokenBoundCidrs);
        }

        if (role.TokenNumUses > 0)
        {
            data["token_num_uses"] = role.TokenNumUses;
        }

        return new LogicalResponse { Data = data };
    }

    [GeneratedRegex(@"^\w[\w\-.]+\w$")]
    private static partial Regex PathSuffix();
}
