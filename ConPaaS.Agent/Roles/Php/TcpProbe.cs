using System.Net;
using System.Net.Sockets;

namespace ConPaaS.Agent.Roles.Php;

/// <summary>Whether something accepts TCP connections at an address: a server that runs but does not listen is not up.</summary>
internal static class TcpProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    public static bool Answers(IPEndPoint endpoint)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            return socket.ConnectAsync(endpoint).Wait(Timeout);
        }
        catch (AggregateException exception) when (exception.InnerException is SocketException)
        {
            return false;
        }
    }
}
