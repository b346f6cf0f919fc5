using Coffer.Sdk.Errors;
using Coffer.Sdk.Logical;

namespace Coffer.Builtin.Secrets.Kv;

internal static class KvRequestStorage
{
    /// <summary>The mount's storage, which the router always sets; its absence is a wiring bug, not bad input.</summary>
    public static IStorage Of(LogicalRequest request) =>
        request.Storage ?? throw new CofferException(ErrorKind.Internal, "the kv backend received a request without storage");
}
