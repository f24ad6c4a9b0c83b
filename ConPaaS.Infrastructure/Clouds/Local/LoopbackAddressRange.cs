using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace ConPaaS.Infrastructure.Clouds.Local;

/// <summary>The loopback addresses the local cloud may give its nodes, first to last.</summary>
internal sealed class LoopbackAddressRange
{
    private readonly uint _first;
    private readonly uint _last;

    public LoopbackAddressRange(string start, string end)
    {
        _first = ToNumber(Parse(start));
        _last = ToNumber(Parse(end));
        if (_first > _last)
            throw new ArgumentException($"The local cloud's address range {start}–{end} is empty.");
    }

    public IEnumerable<IPAddress> All()
    {
        for (var number = _first; number <= _last && number >= _first; number++)
        {
            var bytes = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, number);
            yield return new IPAddress(bytes);
        }
    }

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

    private static IPAddress Parse(string text) =>
        IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetwork && IPAddress.IsLoopback(address)
            ? address
            : throw new ArgumentException($"'{text}' is not an IPv4 loopback address (127.x.y.z).");

    private static uint ToNumber(IPAddress address) => BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());
}
