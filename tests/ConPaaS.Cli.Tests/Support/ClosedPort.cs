using System.Net;
using System.Net.Sockets;

namespace ConPaaS.Cli.Tests.Support;

/// <summary>An address where nothing listens, for the "portal unreachable" path.</summary>
public static class ClosedPort
{
    public static string Url()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }
}
