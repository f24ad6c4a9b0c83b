using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ConPaaS.Infrastructure.Clouds.Local;

/// <summary>
/// The addresses the local cloud may give its nodes, first to last. Isolated nodes live on a private network
/// (<see cref="PrefixLength"/>) whose first address is the host's side of the bridge (<see cref="Gateway"/>),
/// so the range must lie inside it and leave that address out; loopback nodes use 127.0.0.0/8.
/// </summary>
internal sealed class NodeAddressRange
{
    private readonly uint _first;
    private readonly uint _last;

    public NodeAddressRange(string start, string end, LocalNodeIsolation isolation, int prefixLength)
    {
        bool loopback = isolation == LocalNodeIsolation.Loopback;
        _first = ToNumber(Parse(start, loopback));
        _last = ToNumber(Parse(end, loopback));
        if (_first > _last)
            throw new ArgumentException($"The local cloud's address range {start}–{end} is empty.");
        PrefixLength = prefixLength;
        if (loopback)
            return;
        if (prefixLength is < 8 or > 30)
            throw new ArgumentException($"The local cloud's network prefix length {prefixLength} is not between 8 and 30.");
        uint mask = uint.MaxValue << (32 - prefixLength);
        if ((_first & mask) != (_last & mask))
            throw new ArgumentException($"The local cloud's address range {start}–{end} does not fit in one /{prefixLength} network.");
        Network = FromNumber(_first & mask);
        Gateway = FromNumber((_first & mask) + 1);
        if (_first <= (_first & mask) + 1 || _last >= (_first & mask | ~mask))
            throw new ArgumentException(
                $"The local cloud's address range {start}–{end} must leave out {Gateway} (the host's side of the bridge) and the network's first and last addresses.");
    }

    /// <summary>The private network's first address (isolated nodes only).</summary>
    public IPAddress? Network { get; }

    /// <summary>The host's address on the private network (isolated nodes only).</summary>
    public IPAddress? Gateway { get; }

    public int PrefixLength { get; }

    public IEnumerable<IPAddress> All()
    {
        for (var number = _first; number <= _last && number >= _first; number++)
            yield return FromNumber(number);
    }

    /// <summary>The address as eight hex digits: a short, unique, stable part of the names of the node's host objects.</summary>
    public static string Hex(IPAddress address) => ToNumber(address).ToString("x8", CultureInfo.InvariantCulture);

    /// <summary>True when nothing (another installation, a stray process) already listens on the port there.</summary>
    public static bool CanListen(IPAddress address, int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(address, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static IPAddress Parse(string text, bool loopback)
    {
        if (!IPAddress.TryParse(text, out var address) || address.AddressFamily != AddressFamily.InterNetwork)
            throw new ArgumentException($"'{text}' is not an IPv4 address.");
        if (loopback != IPAddress.IsLoopback(address))
        {
            throw new ArgumentException(loopback
                ? $"'{text}' is not a loopback address (127.x.y.z), which loopback nodes need."
                : $"'{text}' is a loopback address; isolated nodes need one of a private network (for example 10.221.0.2), or set the cloud's Local:Isolation to Loopback.");
        }
        return address;
    }

    private static uint ToNumber(IPAddress address) => BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());

    private static IPAddress FromNumber(uint number)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, number);
        return new IPAddress(bytes);
    }
}
