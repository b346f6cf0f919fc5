using System.Text.Json.Nodes;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Policies;

/// <summary>
/// A token's policies compiled into one access-control list (spec 4.4–4.7). Immutable and thread-safe;
/// compile once per set of policies and evaluate many times. Evaluation with no request data does not
/// allocate.
/// </summary>
public sealed partial class Acl
{
    private const Capability MountAccessCapabilities =
        Capability.Create | Capability.Delete | Capability.List | Capability.Read | Capability.Sudo | Capability.Update | Capability.Patch;

    private static readonly IReadOnlyList<string> RootCapabilities = [CapabilityNames.Root];
    private static readonly IReadOnlyList<string> RootGrantingPolicies = [BuiltinPolicies.RootName];

    private readonly Dictionary<string, AclRule> _exact;
    private readonly Dictionary<string, AclRule>.AlternateLookup<ReadOnlySpan<char>> _exactBySpan;
    private readonly PrefixIndex<AclRule> _prefixes;
    private readonly AclRule[] _segmentRules;

    /// <summary>
    /// Segment-wildcard rules grouped by the text before their first <c>+</c>, which every path they match
    /// starts with; a lookup only tries the groups whose text is a prefix of the path.
    /// </summary>
    private readonly PrefixIndex<AclRule[]> _segmentRulesByLiteralPrefix;

    private Acl(bool isRoot, Dictionary<string, AclRule> exact, IEnumerable<AclRule> prefixes, AclRule[] segmentRules)
    {
        IsRoot = isRoot;
        _exact = exact;
        _exactBySpan = exact.GetAlternateLookup<ReadOnlySpan<char>>();
        _prefixes = new PrefixIndex<AclRule>(prefixes.Select(r => KeyValuePair.Create(r.Path, r)));
        _segmentRules = segmentRules;
        _segmentRulesByLiteralPrefix = new PrefixIndex<AclRule[]>(segmentRules
            .GroupBy(r => r.Path[..r.FirstWildcard], StringComparer.Ordinal)
            .Select(g => KeyValuePair.Create(g.Key, g.ToArray())));
    }

    /// <summary>The ACL of the <c>root</c> policy: everything allowed, with root privileges.</summary>
    public static Acl Root { get; } = new(true, new Dictionary<string, AclRule>(StringComparer.Ordinal), [], []);

    public bool IsRoot { get; }

    /// <summary>
    /// Merges the policies' rules per pattern. A policy named <c>root</c> must be the only one and gives
    /// <see cref="Root"/>.
    /// </summary>
    /// <exception cref="CofferException"><c>root</c> together with other policies.</exception>
    public static Acl Compile(IEnumerable<Policy> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var list = policies.ToList();
        if (list.Any(p => p.Name == BuiltinPolicies.RootName))
        {
            return list.Count == 1
                ? Root
                : throw new CofferException(ErrorKind.Internal, "other policies present along with root");
        }

        var exact = new Dictionary<string, AclRule>(StringComparer.Ordinal);
        var prefix = new Dictionary<string, AclRule>(StringComparer.Ordinal);
        var segment = new Dictionary<string, AclRule>(StringComparer.Ordinal);
        foreach (var policy in list)
        {
            foreach (var rule in policy.Paths)
            {
                var table = rule.Kind switch
                {
                    PathRuleKind.Exact => exact,
                    PathRuleKind.Prefix => prefix,
                    _ => segment,
                };
                if (table.TryGetValue(rule.Path, out var existing))
                {
                    existing.Merge(rule, policy.Name);
                }
                else
                {
                    table[rule.Path] = AclRule.Create(rule, policy.Name);
                }
            }
        }

        foreach (var rule in exact.Values.Concat(prefix.Values).Concat(segment.Values))
        {
            rule.Seal();
        }

        return new Acl(false, exact, prefix.Values, segment.Values.ToArray());
    }

    /// <summary>
    /// Decides one request (spec 4.5–4.7). <paramref name="wrapTtl"/> is the requested wrapping TTL, or
    /// null when the response is not to be wrapped. Help is always allowed; renew and revoke need
    /// <c>update</c>.
    /// </summary>
    public AclDecision Evaluate(Operation operation, string path, JsonObject? data, TimeSpan? wrapTtl)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (IsRoot)
        {
            return new AclDecision(Allowed: true, RootPrivileges: true, IsRoot: true);
        }

        if (operation == Operation.Help)
        {
            return new AclDecision(Allowed: true, RootPrivileges: false, IsRoot: false);
        }

        var rule = Match(path, operation == Operation.List);
        if (rule is null)
        {
            return AclDecision.Denied;
        }

        var rootPrivileges = (rule.Capabilities & Capability.Sudo) != 0;
        var denied = new AclDecision(Allowed: false, rootPrivileges, IsRoot: false);
        var required = RequiredCapability(operation);
        if (required == Capability.None || (rule.Capabilities & required) == 0 || !WrappingAllows(rule, wrapTtl))
        {
            return denied;
        }

        if (ChecksParameters(operation) && !ParameterCheck.Permits(rule, data))
        {
            return denied;
        }

        return new AclDecision(Allowed: true, rootPrivileges, IsRoot: false);
    }

    /// <summary>
    /// The capabilities on a path in reporting order, matched as a list request is (spec 4.10):
    /// <c>["deny"]</c> when nothing is granted, <c>["root"]</c> for the root ACL.
    /// </summary>
    public IReadOnlyList<string> Capabilities(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return IsRoot ? RootCapabilities : CapabilityNames.Report(Match(path, isList: true)?.Capabilities ?? Capability.None);
    }

    /// <summary>
    /// The policies that granted the capability this operation needs on the matched rule (for audit's
    /// <c>policy_results</c>); empty when the capability is not granted.
    /// </summary>
    public IReadOnlyList<string> GrantingPolicies(Operation operation, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (IsRoot)
        {
            return RootGrantingPolicies;
        }

        var required = RequiredCapability(operation);
        var rule = required == Capability.None ? null : Match(path, operation == Operation.List);
        return rule is null || (rule.Capabilities & required) == 0 ? [] : rule.GrantingPoliciesFor(required);
    }

    /// <summary>
    /// True when some rule grants a non-deny capability at or below a mount path such as <c>secret/</c>;
    /// decides which mounts a token may see in mount listings.
    /// </summary>
    public bool HasMountAccess(string mountPath)
    {
        ArgumentNullException.ThrowIfNull(mountPath);
        if (IsRoot)
        {
            return true;
        }

        var path = mountPath.TrimStart('/');
        var direct = Match(path, isList: true)?.Capabilities ?? Capability.None;
        if ((direct & Capability.Deny) == 0 && direct != Capability.None)
        {
            return true;
        }

        foreach (var rule in _exact.Values.Concat(_prefixes.Values))
        {
            if (!rule.IsDeny && (rule.Capabilities & MountAccessCapabilities) != 0 && rule.Path.StartsWith(path, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return AnySegmentRuleBelow(path.EndsWith('/') ? path : path + "/");
    }

    /// <summary>The merged rule for an exact pattern, for tests of the merge rules.</summary>
    internal AclRule? ExactRule(string path) => _exact.GetValueOrDefault(path);

    private static Capability RequiredCapability(Operation operation) => operation switch
    {
        Operation.Read => Capability.Read,
        Operation.List => Capability.List,
        Operation.Update => Capability.Update,
        Operation.Delete => Capability.Delete,
        Operation.Create => Capability.Create,
        Operation.Patch => Capability.Patch,
        Operation.Renew or Operation.Revoke => Capability.Update,
        _ => Capability.None,
    };

    /// <summary>Operations whose request data the parameter constraints look at (recover too, once it exists).</summary>
    private static bool ChecksParameters(Operation operation) =>
        operation is Operation.Read or Operation.Update or Operation.Create or Operation.Patch;

    private static bool WrappingAllows(AclRule rule, TimeSpan? wrapTtl)
    {
        var max = rule.MaxWrappingTtl;
        var min = rule.MinWrappingTtl;
        if (max > TimeSpan.Zero && (wrapTtl is not { } maxChecked || maxChecked > max))
        {
            return false;
        }

        if (min > TimeSpan.Zero && (wrapTtl is not { } minChecked || minChecked < min))
        {
            return false;
        }

        // Merging can produce max < min even though each block was checked when parsed.
        return !(min != TimeSpan.Zero && max != TimeSpan.Zero && max < min);
    }
}
