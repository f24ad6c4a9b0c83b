using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using ConPaaS.Portal.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace ConPaaS.Portal.Tests.Manifests;

/// <summary>
/// The local-cloud portal with the repository's templates, and a small HTTP server on loopback that the portal
/// trusts for fetching (it refuses loopback otherwise): it redirects where a test asks, to check every hop.
/// </summary>
public sealed class ManifestPortalFixture : LocalCloudPortal
{
    private readonly TcpListener _files = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    public ManifestPortalFixture()
    {
        _files.Start();
        _ = ServeAsync();
    }

    /// <summary>A loopback port the portal trusts but where nothing listens: an unreachable URL.</summary>
    public int ClosedPort { get; } = FreePort();

    public string FileServer => $"http://127.0.0.1:{((IPEndPoint)_files.LocalEndpoint).Port}";

    public static string TemplatesDirectory([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "manifests"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ConPaaS:Manifests:TemplatesDirectory", TemplatesDirectory());
        builder.UseSetting("ConPaaS:Manifests:FetchTimeoutSeconds", "5");
        builder.UseSetting("ConPaaS:Manifests:TrustedHosts:0", FileServer["http://".Length..]);
        builder.UseSetting("ConPaaS:Manifests:TrustedHosts:1", $"127.0.0.1:{ClosedPort}");
    }

    protected override void Dispose(bool disposing)
    {
        _stop.Cancel();
        _files.Stop();
        base.Dispose(disposing);
    }

    /// <summary>What <c>/startup.sh</c> serves.</summary>
    public const string StartupScript = "#!/bin/sh\necho fetched from a URL\n";

    /// <summary><c>/redirect?to=URL</c> answers 302 to URL, <c>/startup.sh</c> a script; anything else 404.</summary>
    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _files.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }
            using (client)
            {
                var stream = client.GetStream();
                var request = await new StreamReader(stream, Encoding.ASCII).ReadLineAsync() ?? "";
                var path = request.Split(' ').ElementAtOrDefault(1) ?? "/";
                var answer = path.StartsWith("/redirect?to=", StringComparison.Ordinal)
                    ? $"HTTP/1.1 302 Found\r\nLocation: {Uri.UnescapeDataString(path["/redirect?to=".Length..])}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    : path == "/startup.sh"
                        ? $"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {Encoding.ASCII.GetByteCount(StartupScript)}\r\nConnection: close\r\n\r\n{StartupScript}"
                        : "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(answer));
            }
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
