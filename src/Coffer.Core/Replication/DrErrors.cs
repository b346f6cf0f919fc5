using Coffer.Sdk.Errors;

namespace Coffer.Core.Replication;

/// <summary>The errors of DR replication, in the words Vault's clients and runbooks match on.</summary>
public static class DrErrors
{
    public const string PathDisabledMessage = "path disabled in replication DR secondary mode";

    public static CofferException PathDisabled() => CofferException.BadRequest(PathDisabledMessage);

    public static CofferException OperationTokenMissing() => CofferException.BadRequest("DR operation token was not provided");

    public static CofferException NotSecondary() => CofferException.BadRequest("Not a DR secondary.");

    public static CofferException NotPrimary() => CofferException.BadRequest("Not a DR primary.");

    public static CofferException NotAvailable() =>
        CofferException.BadRequest("DR replication is not available in this server");
}
