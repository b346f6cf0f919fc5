namespace Coffer.Core.Policies;

/// <summary>Policy name rules: normalisation on write and the reserved names' restrictions (spec 4.8).</summary>
public static class PolicyNames
{
    /// <summary>Names are stored trimmed and lower-cased.</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant();
    }

    /// <summary>The warning Vault returns when a written name had to be normalised, or null when it did not.</summary>
    public static string? NormalizationWarning(string requestedName)
    {
        var normalized = Normalize(requestedName);
        return normalized == requestedName ? null : $"policy name was converted to {normalized}";
    }

    /// <summary>Why a (normalised) name cannot be written, or null when it can.</summary>
    public static string? ValidateForWrite(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            return "policy name must be provided";
        }

        // Names become storage keys: a '/' would make a folder and a control character has no business in a name.
        if (name.Contains('/', StringComparison.Ordinal) || name.Any(char.IsControl))
        {
            return $"invalid policy name \"{name}\": it may not contain '/' or control characters";
        }

        return IsImmutable(name) ? $"cannot update \"{name}\" policy" : null;
    }

    /// <summary>Why a (normalised) name cannot be deleted, or null when it can.</summary>
    public static string? ValidateForDelete(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (IsImmutable(name))
        {
            return $"cannot delete \"{name}\" policy";
        }

        return name == BuiltinPolicies.DefaultName ? "cannot delete default policy" : null;
    }

    /// <summary><c>root</c> and <c>response-wrapping</c> are built in and cannot be written or deleted.</summary>
    public static bool IsImmutable(string name) =>
        name is BuiltinPolicies.RootName or BuiltinPolicies.ResponseWrappingName;

    /// <summary>Whether a token may carry the policy; <c>response-wrapping</c> is for wrapping tokens only.</summary>
    public static bool IsAssignable(string name) => name != BuiltinPolicies.ResponseWrappingName;

    /// <summary>Whether listings show the policy; <c>response-wrapping</c> is hidden.</summary>
    public static bool IsListed(string name) => name != BuiltinPolicies.ResponseWrappingName;
}
