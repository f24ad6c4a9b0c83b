using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ConPaaS.Portal.Tests.Clouds;

/// <summary>An EC2-compatible endpoint on a loopback port that refuses every request's credentials, as EC2 answers it.</summary>
public sealed class RefusingEc2Endpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private RefusingEc2Endpoint(WebApplication app) => _app = app;

    public string Url => _app.Urls.Single();

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<RefusingEc2Endpoint> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var endpoint = new RefusingEc2Endpoint(builder.Build());
        endpoint._app.Run(async context =>
        {
            Interlocked.Increment(ref endpoint._requests);
            context.Response.StatusCode = 401;
            context.Response.ContentType = "text/xml";
            await context.Response.WriteAsync(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>AuthFailure</Code>"
                + "<Message>AWS was not able to validate the provided access credentials</Message></Error></Errors>"
                + "<RequestID>00000000-0000-0000-0000-000000000000</RequestID></Response>");
        });
        await endpoint._app.StartAsync();
        return endpoint;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
