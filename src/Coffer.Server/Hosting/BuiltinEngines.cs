using Coffer.Builtin.Secrets.Kv;
using Coffer.Core;
using Coffer.Sdk.Logical;

namespace Coffer.Server.Hosting;

/// <summary>Wires the built-in secrets engines into Core's options: the table of mount types Core can create.</summary>
public static class BuiltinEngines
{
    public static CoreOptions Configure(CoreOptions options) => options with
    {
        SecretsEngines = new Dictionary<string, Func<MountContext, ILogicalBackend>>(StringComparer.Ordinal)
        {
            ["kv"] = context => KvEngine.Create(context.Options, context.Time),
        },
    };
}
