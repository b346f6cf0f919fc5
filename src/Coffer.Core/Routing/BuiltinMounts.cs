using Coffer.Core.Crypto;

namespace Coffer.Core.Routing;

/// <summary>The mounts every server has from initialisation on, and which can be neither disabled nor moved.</summary>
public static class BuiltinMounts
{
    public const string System = "sys/";
    public const string Token = "auth/token/";
    public const string Cubbyhole = "cubbyhole/";

    public static IReadOnlyList<MountEntry> Create(TimeProvider time) =>
    [
        New(System, "system", "system endpoints used for control, policy and debugging", time),
        New(Token, "token", "token based credentials", time),
        New(Cubbyhole, "cubbyhole", "per-token private secret storage", time),
    ];

    public static MountEntry New(string path, string type, string description, TimeProvider time, bool builtIn = true) => new()
    {
        Path = path,
        Type = type,
        Description = description,
        Uuid = Guid.NewGuid().ToString(),
        Accessor = $"{type.Replace('/', '_')}_{Base62.Random(8).ToLowerInvariant()}",
        BuiltIn = builtIn,
        RunningVersionUnixTime = time.GetUtcNow().ToUnixTimeSeconds(),
    };
}
