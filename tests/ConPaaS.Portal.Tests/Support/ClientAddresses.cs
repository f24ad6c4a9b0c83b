using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ConPaaS.Portal.Tests.Support;

/// <summary>
/// The in-process server has no client address; this lets a test say which address a request comes from
/// (header <see cref="Header"/>), as two machines on a network would.
/// </summary>
public static class ClientAddresses
{
    public const string Header = "X-Test-Client-Address";

    public static void UseTestClientAddresses(this IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => services.AddTransient<IStartupFilter, Filter>());

    /// <summary>A client of <paramref name="portal"/> whose requests come from <paramref name="address"/>.</summary>
    public static HttpClient CreateClientFrom(this PortalFactory portal, string address)
    {
        var http = portal.CreateClient();
        http.DefaultRequestHeaders.Add(Header, address);
        return http;
    }

    private sealed class Filter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[Header].ToString(), out var address))
                    context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
