namespace Coffer.Core.Tokens;

/// <summary>
/// A token as the store keeps it. Service tokens persist this (indexed by a keyed hash of <see cref="Id"/>);
/// batch tokens carry it, encrypted, inside the token string itself.
/// </summary>
public sealed record TokenEntry
{
    /// <summary>The token string handed to the client (service: <c>hvs.</c>, batch: empty until encoded).</summary>
    public string Id { get; init; } = string.Empty;

    public string Accessor { get; init; } = string.Empty;

    /// <summary>The parent token's id; empty for orphans.</summary>
    public string Parent { get; init; } = string.Empty;

    public IReadOnlyList<string> Policies { get; init; } = [];

    /// <summary>Creation path, e.g. <c>auth/token/create/failover-handler</c>.</summary>
    public string Path { get; init; } = string.Empty;

    public IReadOnlyDictionary<string, string>? Meta { get; init; }

    public string DisplayName { get; init; } = "token";

    public int NumUses { get; init; }

    /// <summary>Unix seconds of creation.</summary>
    public long CreationTime { get; init; }

    /// <summary>TTL in seconds at creation (or last renewal); 0 means it never expires.</summary>
    public long Ttl { get; init; }

    public long ExplicitMaxTtl { get; init; }

    public long Period { get; init; }

    public string Role { get; init; } = string.Empty;

    public string EntityId { get; init; } = string.Empty;

    public IReadOnlyList<string> BoundCidrs { get; init; } = [];

    /// <summary><c>service</c> or <c>batch</c>.</summary>
    public string Type { get; init; } = TokenTypes.Service;

    public bool Renewable { get; init; }

    /// <summary>Unix seconds of the last renewal, 0 if never renewed.</summary>
    public long LastRenewalTime { get; init; }

    /// <summary>Original issue time with sub-second precision, for <c>issue_time</c>.</summary>
    public DateTimeOffset IssueTime { get; init; }

    public string CubbyholeId { get; init; } = string.Empty;

    public bool IsBatch => Type == TokenTypes.Batch;

    public bool IsRoot => Policies.Count == 1 && Policies[0] == "root";

    public bool IsOrphan => Parent.Length == 0;

    /// <summary>When the token stops being valid, or null for a non-expiring token.</summary>
    public DateTimeOffset? ExpireTime
    {
        get
        {
            if (Ttl == 0)
            {
                return null;
            }

            var start = LastRenewalTime != 0 ? LastRenewalTime : CreationTime;
            return DateTimeOffset.FromUnixTimeSeconds(start).AddSeconds(Ttl);
        }
    }
}
