namespace Coffer.Sdk.Logical;

/// <summary>What a request does; HTTP methods map onto these at the edge (see the spec's method table).</summary>
public enum Operation
{
    Read,
    Create,
    Update,
    Patch,
    Delete,
    List,
    Help,
    /// <summary>Renewal of a lease or token; authorised by the <c>update</c> capability.</summary>
    Renew,
    /// <summary>Revocation of a lease or token; authorised by the <c>update</c> capability.</summary>
    Revoke,
}
