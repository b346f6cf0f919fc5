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
        _id = s.String("id", "", "Value for the token. By default, this is an auto-generated string. Specifying this value requires sudo permissions.");
        _displayName = s.String("display-name", "", "Name to associate with this token. This is a non-sensitive value that can be used to help identify created secrets (e.g. prefixes).");
        _ttl = s.Duration("ttl", TimeSpan.Zero, "Initial TTL to associate with the token. Token renewals may be able to extend beyond this value, depending on the configured maximum TTLs. This is specified as a numeric string with suffix like \"30s\" or \"5m\".");
        _explicitMaxTtl = s.Duration("explicit-max-ttl", TimeSpan.Zero, "Explicit maximum lifetime for the token. Unlike normal TTLs, the maximum TTL is a hard limit and cannot be exceeded. This is specified as a numeric string with suffix like \"30s\" or \"5m\".");
        _period = s.Duration("period", TimeSpan.Zero, "If specified, every renewal will use the given period. Periodic tokens do not expire (unless -explicit-max-ttl is also provided). Setting this value requires sudo permissions. This is specified as a numeric string with suffix like \"30s\" or \"5m\".");
        _renewable = s.Bool("renewable", true, "Allow the token to be renewed up to it's maximum TTL.");
        _orphan = s.Bool("orphan", false, "Create the token with no parent. This prevents the token from being revoked when the token which created it expires. Setting this value requires root or sudo permissions.");
        _noDefaultPolicy = s.Bool("no-default-policy", false, "Detach the \"default\" policy from the policy set for this token.");
        _useLimit = s.Int("use-limit", 0, "Number of times this token can be used. After the last use, the token is automatically revoked. By default, tokens can be used an unlimited number of times until their expiration.");
        _role = s.String("role", "", "Name of the role to create the token against. Specifying -role may override other arguments. The locally authenticated token must have permission for \"auth/token/create/<role>\".");
        _type = s.String("type", "service", "The type of token to create. Can be \"service\" or \"batch\".");
        _metadata = s.KeyValues("metadata", "Arbitrary key=value metadata to associate with the token. This metadata will show in the audit log when the token is used. This can be specified multiple times to add multiple pieces of metadata.");
        _policies = s.StringList("policy", "Name of a policy to associate with this token. This can be specified multiple times to attach multiple policies.");
        _entityAlias = s.String("entity-alias", "", "Name of the entity alias to associate with during token creation. Only works in combination with -role argument and used entity alias must be listed in allowed_entity_aliases.");
    }

    public override string Synopsis => "Create a new token";

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
