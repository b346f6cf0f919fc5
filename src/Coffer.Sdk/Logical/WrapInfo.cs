namespace Coffer.Sdk.Logical;

/// <summary>The <c>wrap_info</c> block of a wrapped response.</summary>
public sealed record WrapInfo(
    string Token,
    string Accessor,
    long Ttl,
    DateTimeOffset CreationTime,
    string CreationPath,
    string WrappedAccessor);
