using System.Net;
using System.Net.Sockets;
using ConPaaS.Domain.Manifests;
using Microsoft.Extensions.Options;

namespace ConPaaS.Infrastructure.Manifests;

/// <summary>
/// Downloads a manifest's <c>Archive</c>, <c>Dump</c>, <c>StartupScript</c> or <c>Bag</c> URL into a file: http and
/// https only, global unicast addresses that are not the portal's own only (decided again on the address connected
/// to, so DNS cannot swap in another one), every
/// redirect checked the same way, a timeout and a size limit. Failures name the field and the URL.
/// </summary>
public sealed class SourceFetcher(IOptions<ManifestOptions> options)
{
    private const int MaxRedirects = 5;

    public async Task FetchAsync(ManifestSource source, string destination, CancellationToken ct)
    {
        var settings = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.FetchTimeoutSeconds));
        using var client = CreateClient(settings);
        var url = new Uri(source.Value);
        try
        {
            for (var hop = 0; ; hop++)
            {
                await EnsureAllowedAsync(source, url, settings, timeout.Token);
                using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    if (hop >= MaxRedirects)
                        throw ManifestError.At(source.Field, $"{Show(source.Value)} redirects more than {MaxRedirects} times");
                    url = new Uri(url, location);
                    continue;
                }
                if (response.StatusCode != HttpStatusCode.OK)
                    throw ManifestError.At(source.Field, $"{Show(url)} answered {(int)response.StatusCode} {response.ReasonPhrase}");
                if (response.Content.Headers.ContentLength > settings.MaxFileBytes)
                    throw TooLarge(source, url, settings);
                await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
                await CopyLimitedAsync(body, destination, settings.MaxFileBytes, () => TooLarge(source, url, settings), timeout.Token);
                return;
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw ManifestError.At(source.Field, $"{Show(url)} could not be fetched: no complete answer within {settings.FetchTimeoutSeconds} s");
        }
        catch (HttpRequestException failure)
        {
            throw ManifestError.At(source.Field, $"{Show(url)} could not be fetched: {failure.Message.TrimEnd('.')}");
        }
    }

    /// <summary>Copies at most <paramref name="maxBytes"/>; one byte more throws what <paramref name="tooLarge"/> makes.</summary>
    internal static async Task CopyLimitedAsync(Stream source, string destination, long maxBytes, Func<Exception> tooLarge, CancellationToken ct)
    {
        try
        {
            await using var file = File.Create(destination);
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, ct)) > 0)
            {
                total += read;
                if (total > maxBytes)
                    throw tooLarge();
                await file.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
        catch
        {
            File.Delete(destination);
            throw;
        }
    }

    private static Exception TooLarge(ManifestSource source, Uri url, ManifestOptions settings) =>
        ManifestError.At(source.Field, $"{Show(url)} is larger than the limit of {settings.MaxFileBytes / (1024 * 1024)} MiB");

    private static async Task EnsureAllowedAsync(ManifestSource source, Uri url, ManifestOptions settings, CancellationToken ct)
    {
        if (url.Scheme is not ("http" or "https"))
            throw ManifestError.At(source.Field, $"{Show(source.Value)} redirects to a {url.Scheme}: address; only http and https are fetched");
        if (IsTrusted(url.Host, url.Port, settings))
            return;
        var addresses = await ResolveAsync(url.IdnHost, ct)
            ?? throw ManifestError.At(source.Field, $"{Show(url)} could not be fetched: the host {url.Host} is unknown");
        foreach (var address in addresses)
        {
            if (FetchPolicy.Refusal(address) is { } refusal)
                throw ManifestError.At(source.Field, $"{Show(url)} points to {address}, {refusal}, which manifests may not fetch from");
        }
    }

    /// <summary>The host's addresses (a literal is its own), or null when the name is unknown or no address at all.</summary>
    private static async Task<IPAddress[]?> ResolveAsync(string host, CancellationToken ct)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
            return [literal];
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host, ct);
            return addresses.Length == 0 ? null : addresses;
        }
        catch (Exception failure) when (failure is SocketException or ArgumentException)
        {
            return null;
        }
    }

    private static bool IsTrusted(string host, int port, ManifestOptions settings) =>
        settings.TrustedHosts.Contains($"{host}:{port}", StringComparer.OrdinalIgnoreCase);

    private static HttpClient CreateClient(ManifestOptions settings)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false, // every hop is checked above
            UseCookies = false,
            UseProxy = false,
            ConnectCallback = async (context, ct) =>
            {
                // Checked again where the connection is made: the name may resolve differently than a moment ago.
                var endpoint = context.DnsEndPoint;
                var addresses = await ResolveAsync(endpoint.Host, ct)
                    ?? throw new HttpRequestException($"the host {endpoint.Host} is unknown");
                var allowed = IsTrusted(endpoint.Host, endpoint.Port, settings)
                    ? addresses
                    : addresses.Where(address => FetchPolicy.Refusal(address) is null).ToArray();
                if (allowed.Length == 0)
                {
                    throw new HttpRequestException(
                        $"{endpoint.Host} resolves to {addresses[0]}, {FetchPolicy.Refusal(addresses[0])}, which manifests may not fetch from");
                }
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(allowed, endpoint.Port, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    // Without any user:password part; the rest is what the user wrote.
    private static string Show(Uri url) => $"\"{new UriBuilder(url) { UserName = "", Password = "" }.Uri}\"";

    private static string Show(string url) => Show(new Uri(url));
}
