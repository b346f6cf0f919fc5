using Coffer.Sdk.Errors;
using Coffer.Sdk.Framework;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Tokens;

/// <summary><c>auth/token/create</c>, <c>create-orphan</c> and <c>create/:role_name</c>.</summary>
internal static class TokenCreatePaths
{
    private static readonly FieldSchema[] CreateFields =
    [
        FieldSchema.String("id", "Custom token ID (root or sudo only)."),
        FieldSchema.String("role_name", "Name of the role to create the token against."),
        FieldSchema.StringList("policies", "Policies for the token."),
        FieldSchema.StringMap("meta", "Arbitrary key=value metadata for the token."),
        FieldSchema.Bool("no_parent", "Create an orphan token (root or sudo only)."),
        FieldSchema.Bool("no_default_policy", "Do not attach the default policy."),
        FieldSchema.Bool("renewable", "Whether the token can be renewed.", true),
        FieldSchema.Duration("ttl", "Initial TTL of the token."),
        FieldSchema.Duration("lease", "Deprecated alias of ttl."),
        FieldSchema.String("type", "Token type: service or batch."),
        FieldSchema.Duration("explicit_max_ttl", "Hard cap on the token's lifetime."),
        FieldSchema.String("display_name", "Name associated with the token."),
        FieldSchema.Int("num_uses", "Maximum number of uses; 0 is unlimited."),
        FieldSchema.Duration("period", "Renewal period of a periodic token."),
        FieldSchema.String("entity_alias", "Entity alias to associate (with a role only)."),
    ];

    public static IEnumerable<PathSpec> Create(CofferCore core)
    {
        var creation = new TokenCreation(core);
        return
        [
            new PathSpec("create-orphan", CreateFields, Handlers.Of(Handlers.Write((request, data, ct) =>
                CreateAsync(core, creation, request, data, null, "auth/token/create-orphan", orphanPath: true, ct))))
            {
                Synopsis = "Create an orphan token (no parent).",
            },
            new PathSpec("create/" + PathPatterns.Name("role_name"), CreateFields, Handlers.Of(Handlers.Write(async (request, data, ct) =>
            {
                var roleName = data.GetString("role_name");
                var role = await core.Tokens.GetRoleAsync(roleName, ct).ConfigureAwait(false)
                    ?? throw CofferException.BadRequest($"unknown role {roleName}");
                return await CreateAsync(core, creation, request, data, role, "auth/token/create/" + roleName, orphanPath: false, ct).ConfigureAwait(false);
            })))
            {
                Synopsis = "Create a token against a role.",
            },
            new PathSpec("create", CreateFields, Handlers.Of(Handlers.Write((request, data, ct) =>
                CreateAsync(core, creation, request, data, null, "auth/token/create", orphanPath: false, ct))))
            {
                Synopsis = "Create a token that is a child of the calling token.",
            },
        ];
    }

    private static async Task<LogicalResponse?> CreateAsync(
        CofferCore core, TokenCreation creation, LogicalRequest request, FieldData data, TokenRole? role, string path, bool orphanPath, CancellationToken cancellationToken)
    {
        var caller = await core.AuthenticateAsync(request.ClientToken, cancellationToken).ConfigureAwait(false);
        var createRequest = new TokenCreateRequest
        {
            Id = data.GetString("id"),
            Policies = data.GetStringList("policies"),
            PoliciesGiven = data.IsSet("policies"),
            Meta = data.GetStringMap("meta"),
            NoParent = data.GetBool("no_parent"),
            NoDefaultPolicy = data.GetBool("no_default_policy"),
            Renewable = data.IsSet("renewable") ? data.GetBool("renewable") : null,
            Ttl = data.IsSet("ttl") ? data.GetDuration("ttl") : data.GetDuration("lease"),
            ExplicitMaxTtl = data.GetDuration("explicit_max_ttl"),
            Period = data.GetDuration("period"),
            Type = data.GetString("type"),
            DisplayName = data.GetString("display_name"),
            NumUses = data.GetInt("num_uses"),
            EntityAlias = data.GetString("entity_alias"),
        };
        var result = await creation.CreateAsync(caller, request.RootPrivileges, role, path, orphanPath, createRequest, cancellationToken).ConfigureAwait(false);
        var response = new LogicalResponse { Auth = TokenAuth.From(result.Entry, result.ClientToken) };
        response.Warnings.AddRange(result.Warnings);
        return response;
    }
}
