using System.Text.Json.Nodes;
using Coffer.Core.Policies;

namespace Coffer.Core.Tests.Policies;

/// <summary>The policies of spec 4.11 (restated from Vault's ACL tests), and helpers to compile them.</summary>
internal static class VectorPolicies
{
    /// <summary>4.11.1, "aclPolicy".</summary>
    public const string P1 = """
        name = "DeV"
        path "dev/*" {
          policy = "sudo"
        }
        path "stage/*" {
          policy = "write"
        }
        path "stage/aws/*" {
          policy = "read"
          capabilities = ["update", "sudo"]
        }
        path "stage/aws/policy/*" {
          policy = "sudo"
        }
        path "prod/*" {
          policy = "read"
        }
        path "prod/aws/*" {
          policy = "deny"
        }
        path "sys/*" {
          policy = "deny"
        }
        path "foo/bar" {
          capabilities = ["read", "create", "sudo"]
        }
        path "baz/quux" {
          capabilities = ["read", "create", "patch"]
        }
        path "test/+/segment" {
          capabilities = ["read"]
        }
        path "+/segment/at/front" {
          capabilities = ["read"]
        }
        path "test/segment/at/end/+" {
          capabilities = ["read"]
        }
        path "test/segment/at/end/v2/+/" {
          capabilities = ["read"]
        }
        path "test/+/wildcard/+/*" {
          capabilities = ["read"]
        }
        path "test/+/wildcardglob/+/end*" {
          capabilities = ["read"]
        }
        path "1/2/*" {
          capabilities = ["create"]
        }
        path "1/2/+" {
          capabilities = ["read"]
        }
        path "1/2/+/+" {
          capabilities = ["update", "recover"]
        }
        """;

    /// <summary>4.11.2, "aclPolicy2", layered over <see cref="P1"/>.</summary>
    public const string P2 = """
        name = "OpS"
        path "dev/hide/*" {
          policy = "deny"
        }
        path "stage/aws/policy/*" {
          policy = "deny"
          # the deny wins: these capabilities have no effect
          capabilities = ["read", "update", "sudo"]
        }
        path "prod/*" {
          policy = "write"
        }
        path "sys/seal" {
          policy = "sudo"
        }
        path "foo/bar" {
          capabilities = ["deny"]
        }
        path "baz/quux" {
          capabilities = ["deny"]
        }
        """;

    /// <summary>4.11.3, "permissionsPolicy".</summary>
    public const string Permissions = """
        path "dev/*" {
          policy = "write"
          allowed_parameters = { "zip" = [] }
        }
        path "foo/bar" {
          policy = "write"
          denied_parameters = { "zap" = [] }
          min_wrapping_ttl = 300
          max_wrapping_ttl = 400
        }
        path "foo/baz" {
          policy = "write"
          allowed_parameters = { "hello" = [] }
          denied_parameters = { "zap" = [] }
          min_wrapping_ttl = 300
        }
        path "working/phone" {
          policy = "write"
          max_wrapping_ttl = 400
        }
        path "broken/phone" {
          policy = "write"
          allowed_parameters = { "steve" = [] }
          denied_parameters = { "steve" = [] }
        }
        path "hello/world" {
          policy = "write"
          allowed_parameters = { "*" = [] }
          denied_parameters = { "*" = [] }
        }
        path "tree/fort" {
          policy = "write"
          allowed_parameters = { "*" = [] }
          denied_parameters = { "foo" = [] }
        }
        path "fruit/apple" {
          policy = "write"
          allowed_parameters = { "pear" = [] }
          denied_parameters = { "*" = [] }
        }
        path "cold/weather" {
          policy = "write"
          allowed_parameters = {}
          denied_parameters = {}
        }
        path "var/aws" {
          policy = "write"
          allowed_parameters = { "*" = [] }
          denied_parameters = {
            "soft" = []
            "warm" = []
            "kitty" = []
          }
        }
        path "var/req" {
          policy = "write"
          required_parameters = ["foo"]
        }
        """;

    /// <summary>4.11.4, "valuePermissionsPolicy".</summary>
    public const string ValuePermissions = """
        path "dev/*" {
          policy = "write"
          allowed_parameters = { "allow" = ["good"] }
        }
        path "foo/bar" {
          policy = "write"
          denied_parameters = { "deny" = ["bad*"] }
        }
        path "foo/baz" {
          policy = "write"
          allowed_parameters = { "ALLOW" = ["good"] }
          denied_parameters = { "dEny" = ["bad"] }
        }
        path "fizz/buzz" {
          policy = "write"
          allowed_parameters = {
            "allow_multi" = ["good", "good1", "good2", "*good3"]
            "allow" = ["good"]
          }
          denied_parameters = { "deny_multi" = ["bad", "bad1", "bad2"] }
        }
        path "test/types" {
          policy = "write"
          allowed_parameters = {
            "map" = [{ "good" = "one" }]
            "int" = [1, 2]
            "bool" = [false]
          }
          denied_parameters = {}
        }
        path "test/star" {
          policy = "write"
          allowed_parameters = {
            "*" = []
            "foo" = []
            "bar" = [false]
          }
          denied_parameters = {}
        }
        """;

    /// <summary>4.11.6, "mergingPolicies": one policy, repeated blocks merged on compile.</summary>
    public const string Merging = """
        path "foo/bar" {
          policy = "write"
          denied_parameters = { "baz" = [] }
          required_parameters = ["baz"]
        }
        path "foo/bar" {
          policy = "write"
          denied_parameters = { "zip" = [] }
        }
        path "hello/universe" {
          policy = "write"
          allowed_parameters = { "foo" = [] }
          required_parameters = ["foo"]
          max_wrapping_ttl = 300
          min_wrapping_ttl = 100
        }
        path "hello/universe" {
          policy = "write"
          allowed_parameters = { "bar" = [] }
          required_parameters = ["bar"]
          max_wrapping_ttl = 200
          min_wrapping_ttl = 50
        }
        path "allow/all" {
          policy = "write"
          allowed_parameters = { "test" = [], "test1" = ["foo"] }
        }
        path "allow/all" {
          policy = "write"
          allowed_parameters = { "*" = [] }
        }
        path "allow/all1" {
          policy = "write"
          allowed_parameters = { "*" = [] }
        }
        path "allow/all1" {
          policy = "write"
          allowed_parameters = { "test" = [], "test1" = ["foo"] }
        }
        path "deny/all" {
          policy = "write"
          denied_parameters = { "test" = [] }
        }
        path "deny/all" {
          policy = "write"
          denied_parameters = { "*" = [] }
        }
        path "deny/all1" {
          policy = "write"
          denied_parameters = { "*" = [] }
        }
        path "deny/all1" {
          policy = "write"
          denied_parameters = { "test" = [] }
        }
        path "value/merge" {
          policy = "write"
          allowed_parameters = { "test" = [1, 2] }
          denied_parameters = { "test" = [1, 2] }
        }
        path "value/merge" {
          policy = "write"
          allowed_parameters = { "test" = [3, 4] }
          denied_parameters = { "test" = [3, 4] }
        }
        path "value/empty" {
          policy = "write"
          allowed_parameters = { "empty" = [] }
          denied_parameters = { "empty" = [1] }
        }
        path "value/empty" {
          policy = "write"
          allowed_parameters = { "empty" = [1] }
          denied_parameters = { "empty" = [] }
        }
        """;

    /// <summary>4.11.7, "granting_policy".</summary>
    public const string Granting = """
        path "kv/foo" { capabilities = ["update", "read"] }
        path "kv/path/*" { capabilities = ["read"] }
        path "kv/path/longer" { capabilities = ["update", "read"] }
        path "kv/path/longer2" { capabilities = ["update"] }
        path "kv/deny" { capabilities = ["deny"] }
        path "ns1/kv/foo" { capabilities = ["update", "read", "recover"] }
        """;

    /// <summary>4.11.7, "granting_policy_merged".</summary>
    public const string GrantingMerged = """
        path "kv/foo" { capabilities = ["update", "read"] }
        path "kv/bar" { capabilities = ["update", "read"] }
        path "kv/path/*" { capabilities = ["read"] }
        path "kv/path/longer" { capabilities = ["read"] }
        path "kv/path/longer3" { capabilities = ["read"] }
        path "kv/deny" { capabilities = ["update"] }
        """;

    public static Acl Compile(params string[] texts) =>
        Acl.Compile(texts.Select((text, i) => PolicyParser.Parse($"p{i}", text)));

    public static JsonObject Data(string json) => JsonNode.Parse(json)!.AsObject();
}
