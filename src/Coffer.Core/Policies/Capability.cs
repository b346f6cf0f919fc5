namespace Coffer.Core.Policies;

/// <summary>What a path rule grants. <see cref="Deny"/> set on a rule means nothing else is granted there.</summary>
[Flags]
public enum Capability
{
    None = 0,
    Deny = 1 << 0,
    Create = 1 << 1,
    Read = 1 << 2,
    Update = 1 << 3,
    Patch = 1 << 4,
    Delete = 1 << 5,
    List = 1 << 6,

    /// <summary>Needed, in addition to the operation's capability, on root-protected paths.</summary>
    Sudo = 1 << 7,
    Subscribe = 1 << 8,
    Recover = 1 << 9,
}
