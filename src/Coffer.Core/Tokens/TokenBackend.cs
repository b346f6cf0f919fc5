using Coffer.Sdk.Framework;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Tokens;

/// <summary>The <c>auth/token/</c> mount, declared path group by path group.</summary>
internal sealed class TokenBackend : FrameworkBackend
{
    public TokenBackend(CofferCore core)
        : base(
            [
                .. TokenCreatePaths.Create(core),
                .. TokenRolePaths.Create(core),
                .. TokenLookupPaths.Create(core),
                .. TokenRenewPaths.Create(core),
                .. TokenRevokePaths.Create(core),
            ],
            "The token credential backend is always enabled and builtin to the server. Client tokens are used to identify a client and to enforce policies.",
            new SpecialPaths(Unauthenticated: [], Root: ["accessors/"]))
    {
    }
}
