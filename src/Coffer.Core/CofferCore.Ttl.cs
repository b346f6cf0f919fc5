using Coffer.Core.Routing;

namespace Coffer.Core;

/// <summary>Lease TTL limits: a mount's tuned values, else the system's.</summary>
public sealed partial class CofferCore
{
    /// <summary>Default and maximum TTL in seconds for tokens, from the <c>auth/token/</c> mount's tuning.</summary>
    internal (long Default, long Max) TokenMountTtls()
    {
        var mount = _mounts.Find(BuiltinMounts.Token);
        var systemDefault = (long)Options.DefaultLeaseTtl.TotalSeconds;
        var systemMax = (long)Options.MaxLeaseTtl.TotalSeconds;
        var max = mount is { MaxLeaseTtlSeconds: > 0 } ? mount.MaxLeaseTtlSeconds : systemMax;
        var defaultTtl = mount is { DefaultLeaseTtlSeconds: > 0 } ? mount.DefaultLeaseTtlSeconds : systemDefault;
        return (Math.Min(defaultTtl, max), max);
    }
}
