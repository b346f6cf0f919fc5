using System.Text.Json.Nodes;
using Coffer.Sdk.Framework;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Sys;

/// <summary><c>sys/key-status</c> and <c>sys/rotate</c>: the barrier keyring's term.</summary>
internal static class SysKeyPaths
{
    public static IEnumerable<PathSpec> Create(CofferCore core) =>
    [
        new PathSpec("key-status", [], Handlers.Of((Operation.Read, (_, _, _) => Task.FromResult<LogicalResponse?>(KeyStatus(core)))))
        {
            Synopsis = "Provides information about the backend encryption key.",
        },
        new PathSpec("rotate", [], Handlers.Of(Handlers.Write(async (_, _, ct) =>
        {
            await core.RotateKeyringAsync(ct).ConfigureAwait(false);
            return null;
        })))
        {
            Synopsis = "Rotates the backend encryption key used to persist data.",
        },
    ];

    private static LogicalResponse KeyStatus(CofferCore core)
    {
        var status = core.Barrier.GetKeyStatus();
        return new LogicalResponse
        {
            InjectDataAtTopLevel = true,
            Data = new JsonObject
            {
                ["term"] = status.Term,
                ["install_time"] = status.InstallTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", System.Globalization.CultureInfo.InvariantCulture),
                ["encryptions"] = status.Encryptions,
            },
        };
    }
}
