using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace ConPaaS.Infrastructure.Manifests;

/// <summary>
/// Which addresses a manifest's URL may reach: global unicast addresses that are not this machine's own, unless
/// trusted by configuration. A manifest must not make the portal fetch from itself, its nodes, its networks, or
/// addresses the Internet does not route (documentation, benchmarking, reserved). Applied where the connection
/// is made, to the address actually connected to, so a name that resolves differently later changes nothing.
/// </summary>
internal static class FetchPolicy
{
    /// <summary>Null when the address may be fetched from; otherwise what it is, in words.</summary>
    public static string? Refusal(IPAddress address) => Refusal(address, HostAddresses());

    public static string? Refusal(IPAddress address, IReadOnlyCollection<IPAddress> hostAddresses)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        var kind = address.AddressFamily == AddressFamily.InterNetwork ? RefusalV4(address.GetAddressBytes()) : RefusalV6(address);
        return kind ?? (hostAddresses.Any(own => own.Equals(address)) ? "an address of the portal's own machine" : null);
    }

    private static string? RefusalV4(byte[] b) => (b[0], b[1], b[2]) switch
    {
        (0, _, _) => "an unspecified address",
        (10, _, _) or (172, >= 16 and <= 31, _) or (192, 168, _) => "a private network's address",
        (127, _, _) => "a loopback address",
        (100, >= 64 and <= 127, _) => "a carrier-grade NAT address",
        (169, 254, _) => "a link-local address (cloud metadata services live there)",
        (192, 0, 0) => "an IETF protocol address",
        (192, 0, 2) or (198, 51, 100) or (203, 0, 113) => "a documentation address",
        (198, 18 or 19, _) => "a benchmarking address",
        (192, 88, 99) => "a 6to4 relay address",
        ( >= 224 and <= 239, _, _) => "a multicast address",
        ( >= 240, _, _) => "a reserved or broadcast address",
        _ => null,
    };

    private static string? RefusalV6(IPAddress address)
    {
        if (address.Equals(IPAddress.IPv6Any))
            return "an unspecified address";
        if (IPAddress.IsLoopback(address))
            return "a loopback address";
        if (address.IsIPv6Multicast)
            return "a multicast address";
        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal)
            return "a link-local address";
        if (address.IsIPv6UniqueLocal)
            return "a unique local (private) address";
        var b = address.GetAddressBytes();
        if ((b[0] & 0xE0) != 0x20)
            return "an address outside IPv6 global unicast (2000::/3)";
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)
            return "a documentation address";
        if (b[0] == 0x20 && b[1] == 0x02)
            return "a 6to4 address (it can carry any IPv4 address inside)";
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00)
            return "a Teredo address (it can carry any IPv4 address inside)";
        return null;
    }

    /// <summary>Every address of this machine's interfaces: its public address is still the portal's own.</summary>
    private static List<IPAddress> HostAddresses()
    {
        try
        {
            return NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(adapter => adapter.GetIPProperties().UnicastAddresses)
                .Select(unicast => unicast.Address)
                .ToList();
        }
        catch (NetworkInformationException)
        {
            return [];
        }
    }
}
