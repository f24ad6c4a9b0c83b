using System.Net;
using System.Net.Sockets;

namespace ConPaaS.Infrastructure.Manifests;

/// <summary>
/// Which addresses a manifest's URL may reach: public ones only, unless trusted by configuration. A manifest
/// must not make the portal fetch from itself, its loopback agents or its private network.
/// </summary>
internal static class FetchPolicy
{
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            return true;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;
        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => true,
            100 => b[1] is >= 64 and <= 127, // carrier-grade NAT
            169 => b[1] == 254,              // link-local, cloud metadata services
            172 => b[1] is >= 16 and <= 31,
            192 => b[1] == 168,
            >= 224 => true,                  // multicast and reserved
            _ => false,
        };
    }
}
