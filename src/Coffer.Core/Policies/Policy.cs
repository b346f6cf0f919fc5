namespace Coffer.Core.Policies;

/// <summary>A named ACL policy: its source text and its path rules in source order.</summary>
public sealed class Policy
{
    public Policy(string name, string raw, IReadOnlyList<PathRule> paths)
    {
        Name = name;
        Raw = raw;
        Paths = paths;
    }

    public string Name { get; }

    /// <summary>The text as submitted (after base64 decoding, when it was base64).</summary>
    public string Raw { get; }

    public IReadOnlyList<PathRule> Paths { get; }

    /// <summary>True when a path uses identity templating (<c>{{identity.entity.id}}</c> …).</summary>
    public bool IsTemplated => Paths.Any(p => p.Path.Contains("{{", StringComparison.Ordinal));
}
