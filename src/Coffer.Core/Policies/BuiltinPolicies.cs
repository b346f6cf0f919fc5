namespace Coffer.Core.Policies;

/// <summary>The policies every server has (spec 4.8).</summary>
public static class BuiltinPolicies
{
    /// <summary>Grants everything; never stored, cannot be changed or deleted, must be a token's only policy.</summary>
    public const string RootName = "root";

    /// <summary>Created at first unseal when absent and never overwritten; editable, not deletable.</summary>
    public const string DefaultName = "default";

    /// <summary>Attached to response-wrapping tokens only; immutable, not assignable, hidden from listings.</summary>
    public const string ResponseWrappingName = "response-wrapping";

    /// <summary>The <c>default</c> policy as first written: what any token needs to manage itself.</summary>
    public const string DefaultText = """
        # The default policy: what any token needs to look after itself.
        # Attached to tokens unless they opt out; edit it to suit, it cannot be deleted.

        # Inspect, renew and revoke the calling token.
        path "auth/token/lookup-self" {
          capabilities = ["read"]
        }

        path "auth/token/renew-self" {
          capabilities = ["update"]
        }

        path "auth/token/revoke-self" {
          capabilities = ["update"]
        }

        # Ask which capabilities the calling token has on a path.
        path "sys/capabilities-self" {
          capabilities = ["update"]
        }

        # Read the identity entity the token belongs to, by id or by name.
        path "identity/entity/id/{{identity.entity.id}}" {
          capabilities = ["read"]
        }

        path "identity/entity/name/{{identity.entity.name}}" {
          capabilities = ["read"]
        }

        # The UI's view of the token's combined ACL.
        path "sys/internal/ui/resultant-acl" {
          capabilities = ["read"]
        }

        # Renew leases (older clients use sys/renew) and look them up by lease_id in the body.
        path "sys/renew" {
          capabilities = ["update"]
        }

        path "sys/leases/renew" {
          capabilities = ["update"]
        }

        path "sys/leases/lookup" {
          capabilities = ["update"]
        }

        # Each token owns a private cubbyhole.
        path "cubbyhole/*" {
          capabilities = ["create", "read", "update", "delete", "list"]
        }

        # Response wrapping: wrap values, inspect and unwrap wrapping tokens.
        path "sys/wrapping/wrap" {
          capabilities = ["update"]
        }

        path "sys/wrapping/lookup" {
          capabilities = ["update"]
        }

        path "sys/wrapping/unwrap" {
          capabilities = ["update"]
        }

        # General purpose hashing.
        path "sys/tools/hash" {
          capabilities = ["update"]
        }

        path "sys/tools/hash/*" {
          capabilities = ["update"]
        }

        # Check a control group request the token holds the accessor of.
        path "sys/control-group/request" {
          capabilities = ["update"]
        }

        # Call the authorization endpoint of OIDC providers.
        path "identity/oidc/provider/+/authorize" {
          capabilities = ["read", "update"]
        }

        """;

    /// <summary>What a response-wrapping token may do: read its cubbyhole response and unwrap.</summary>
    public const string ResponseWrappingText = """
        path "cubbyhole/response" {
          capabilities = ["create", "read"]
        }

        path "sys/wrapping/unwrap" {
          capabilities = ["update"]
        }

        """;

    /// <summary>The <c>root</c> policy as an object; compiling it alone gives <see cref="Acl.Root"/>.</summary>
    public static Policy Root { get; } = new(RootName, string.Empty, []);

    public static Policy Default { get; } = PolicyParser.Parse(DefaultName, DefaultText);

    public static Policy ResponseWrapping { get; } = PolicyParser.Parse(ResponseWrappingName, ResponseWrappingText);
}
