using System.Text.Json.Nodes;
using Coffer.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Token;

internal sealed class CreateCommand : ApiCommand
{
    private readonly StringFlag _id;
    private readonly StringFlag _displayName;
    private readonly DurationFlag _ttl;
    private readonly DurationFlag _explicitMaxTtl;
    private readonly DurationFlag _period;
    private readonly BoolFlag _renewable;
    private readonly BoolFlag _orphan;
    private readonly BoolFlag _noDefaultPolicy;
    private readonly IntFlag _useLimit;
    private readonly StringFlag _role;
    private readonly StringFlag _type;
    private readonly KeyValueFlag _metadata;
    private readonly StringListFlag _policies;
    private readonly StringFlag _entityAlias;

    public CreateCommand()
        : base(withField: true)
    {
        var s = Flags.Section("Command Options");
        _id = s.String("id", "", "Use this value as the token instead of a generated one. Needs sudo.");
        _displayName = s.String("display-name", "", "A label stored with the token; it shows up in audit logs and lookups.");
        _ttl = s.Duration("ttl", TimeSpan.Zero, "Lifetime of the token before renewal, such as \"30m\" or \"8h\". The mount or role maximum still applies.");
        _explicitMaxTtl = s.Duration("explicit-max-ttl", TimeSpan.Zero, "Hard limit on the token's total lifetime; renewals never go past it.");
        _period = s.Duration("period", TimeSpan.Zero, "Make a periodic token: each renewal resets its TTL to this period, without a maximum unless -explicit-max-ttl is set. Needs sudo unless a role allows it.");
        _renewable = s.Bool("renewable", true, "Whether the token can be renewed. Batch tokens are never renewable.");
        _orphan = s.Bool("orphan", false, "Create the token without a parent, so revoking the creating token does not revoke it. Needs sudo.");
        _noDefaultPolicy = s.Bool("no-default-policy", false, "Leave the \"default\" policy off the new token.");
        _useLimit = s.Int("use-limit", 0, "Number of requests the token may make before it is revoked; 0 means no limit.");
        _role = s.String("role", "", "Create the token through this token role (auth/token/create/<role>); the role's settings take precedence.");
        _type = s.String("type", "service", "Token type: \"service\" or \"batch\".");
        _metadata = s.KeyValues("metadata", "A key=value pair stored with the token and shown in audit logs. Repeat the flag for more pairs.");
        _policies = s.StringList("policy", "A policy to attach. Repeat the flag to attach several.");
        _entityAlias = s.String("entity-alias", "", "Entity alias to tie the token to; only with -role, and the alias must be allowed by the role.");
    }

    public override string Synopsis => "Mint a token";

    protected override string Usage => """
        Usage: coffer token create [options]

          Creates a new token, by default a child of the token in use. The new token
          carries the given policies (or the caller's), and a role may impose its own
          settings:

              $ coffer token create -policy=ops -ttl=8h
              $ coffer token create -role=failover-handler -ttl=8h
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 0, 0);
        var printer = CreatePrinter(context);
        using var client = CreateClient(context);
        var path = _role.Value.Length > 0 ? "auth/token/create/" + _role.Value : "auth/token/create";
        Secret? secret;
        try
        {
            secret = await client.SendAsync(HttpMethod.Post, path, BuildBody(), null, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error creating token: " + ex.Message);
            return 2;
        }
        if (secret is null)
        {
            context.Ui.Error("Error creating token: the server returned no token");
            return 2;
        }
        return Field.Length > 0 ? printer.Field(secret, Field) : printer.Secret(secret);
    }

    /// <summary>
    /// The request body. Durations are always sent as strings, <c>"0s"</c> meaning unset, and a batch
    /// token is never renewable.
    /// </summary>
    public JsonObject BuildBody()
    {
        var body = new JsonObject();
        if (_id.Value.Length > 0)
        {
            body["id"] = _id.Value;
        }
        if (_policies.Values.Count > 0)
        {
            body["policies"] = GoJson.StringArray(_policies.Values);
        }
        if (_metadata.Values.Count > 0)
        {
            body["meta"] = new JsonObject(_metadata.Values.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value))));
        }
        body["ttl"] = DurationFormat.Humanize(_ttl.Value);
        body["explicit_max_ttl"] = DurationFormat.Humanize(_explicitMaxTtl.Value);
        body["period"] = DurationFormat.Humanize(_period.Value);
        if (_orphan.Value)
        {
            body["no_parent"] = true;
        }
        if (_noDefaultPolicy.Value)
        {
            body["no_default_policy"] = true;
        }
        body["display_name"] = _displayName.Value;
        body["num_uses"] = _useLimit.Value;
        body["renewable"] = _type.Value != "batch" && _renewable.Value;
        body["type"] = _type.Value;
        body["entity_alias"] = _entityAlias.Value;
        return body;
    }
}
