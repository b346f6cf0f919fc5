namespace Coffer.Core.Policies;

/// <summary>
/// The outcome of one ACL check. <see cref="RootPrivileges"/> reports <c>sudo</c> on the matched rule
/// whatever the outcome; the caller enforces it on root-protected paths.
/// </summary>
public readonly record struct AclDecision(bool Allowed, bool RootPrivileges, bool IsRoot)
{
    public static AclDecision Denied => default;
}
