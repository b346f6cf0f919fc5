using System.Net;

namespace Coffer.Core.Tokens;

/// <summary>A token's <c>bound_cidrs</c>: when set, the token works only from those client addresses.</summary>
internal static class BoundCidrs
{
    public static bool Allows(IReadOnlyList<string> cidrs, string remoteAddress)
    {
        if (cidrs.Count == 0)
        {
            return true;
        }

        if (!IPAddress.TryParse(remoteAddress, out var address))
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var cidr in cidrs)
        {
            var text = cidr.Contains('/', StringComparison.Ordinal) ? cidr : cidr + (cidr.Contains(':', StringComparison.Ordinal) ? "/128" : "/32");
            if (IPNetwork.TryParse(text, out var network) && network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
