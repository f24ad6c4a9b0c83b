namespace ConPaaS.Portal.Hosting;

/// <summary>
/// A Blazor circuit acts with the session cookie, and a browser sends that cookie with a WebSocket or a
/// negotiate request that any site's page opens (neither is bound by CORS). The Origin header is what tells
/// another site's page apart, so <c>/_blazor</c> answers 403 to one that is not the portal's own address: the
/// host the request was sent to, or <c>ConPaaS:PublicUrl</c>. A request without Origin is not a browser's
/// cross-site request and passes.
/// </summary>
internal static class BlazorOriginCheck
{
    private const string HubPath = "/_blazor";

    public static IApplicationBuilder UseBlazorOriginCheck(this WebApplication app)
    {
        var publicUrl = Uri.TryCreate(app.Configuration["ConPaaS:PublicUrl"], UriKind.Absolute, out var url) ? url : null;
        return app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(HubPath)
                && context.Request.Headers.Origin is [{ } origin, ..]
                && !IsOwn(origin, context.Request.Host, publicUrl))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await Results.Problem(
                        title: "Forbidden",
                        detail: "This page of another site may not open a session of the portal.",
                        statusCode: StatusCodes.Status403Forbidden)
                    .ExecuteAsync(context);
                return;
            }
            await next(context);
        });
    }

    private static bool IsOwn(string origin, HostString host, Uri? publicUrl) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var from)
        && (from.Scheme == Uri.UriSchemeHttp || from.Scheme == Uri.UriSchemeHttps)
        && (SameHost(from, host) || (publicUrl is not null && SameHost(from, new HostString(publicUrl.Authority))));

    /// <summary>A Host without a port reached its scheme's default port; the origin then must be on its own default port.</summary>
    private static bool SameHost(Uri origin, HostString host) =>
        host.HasValue
        && string.Equals(origin.Host, host.Host, StringComparison.OrdinalIgnoreCase)
        && (host.Port is { } port ? origin.Port == port : origin.IsDefaultPort);
}
