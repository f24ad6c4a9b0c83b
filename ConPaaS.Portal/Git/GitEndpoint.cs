using ConPaaS.Domain.Errors;
using ConPaaS.Domain.Services;
using ConPaaS.Infrastructure.Code;
using ConPaaS.Infrastructure.Options;
using ConPaaS.Portal.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace ConPaaS.Portal.Git;

/// <summary>
/// <c>/git/&lt;serviceId&gt;.git</c>: git's smart-HTTP protocol (clone, fetch, push) for the owner of a php or java
/// service, authenticated with HTTP Basic (user name and personal access token). Another user's service, or one
/// without code, answers 404 exactly like a missing one.
/// </summary>
internal static class GitEndpoint
{
    private const string ReceivePack = "git-receive-pack";

    /// <summary>The smart protocol only: git's "dumb" file-by-file protocol is not served.</summary>
    private static readonly string[] SmartPaths = ["info/refs", "git-upload-pack", ReceivePack];

    public static WebApplication MapGitEndpoint(this WebApplication app)
    {
        var backend = new GitHttpBackend(app.Services.GetRequiredService<ILogger<GitHttpBackend>>());
        app.MapMethods("/git/{serviceId:int}.git/{**path}", [HttpMethods.Get, HttpMethods.Post],
                (int serviceId, string? path, HttpContext http, CodeCommands commands, CodeRepositories repositories,
                        ICodePushListener listener, IOptions<ConPaaSOptions> options, ILoggerFactory loggers) =>
                    HandleAsync(serviceId, path, http, commands, repositories, listener, backend, options, loggers))
            .RequireAuthorization(Policies.Api)
            .DisableAntiforgery()
            .ExcludeFromDescription();
        return app;
    }

    private static async Task HandleAsync(
        int serviceId, string? path, HttpContext http, CodeCommands commands, CodeRepositories repositories,
        ICodePushListener listener, GitHttpBackend backend, IOptions<ConPaaSOptions> options, ILoggerFactory loggers)
    {
        var ct = http.RequestAborted;
        if (path is null || !SmartPaths.Contains(path))
        {
            await NotFoundAsync(http);
            return;
        }
        Service service;
        try
        {
            // Git is for the owner only: an admin manages services in the portal, but never pushes others' code.
            service = await commands.GetCodeServiceAsync(http.User.ToCaller() with { IsAdmin = false }, serviceId, ct);
        }
        catch (DomainException exception) when (exception is NotFoundException or ConflictException)
        {
            await NotFoundAsync(http);
            return;
        }

        // A push carries history as well as the tree, so it may be larger than an upload. A body that announces
        // more is refused before git starts; a streamed (chunked) one is cut off by the server at the limit.
        var maxBody = options.Value.Limits.MaxCodeUploadBytes * ArchiveLimits.ExpansionFactor;
        if (http.Request.ContentLength > maxBody)
        {
            http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await http.Response.WriteAsync($"The push is larger than the limit of {ArchiveLimits.Describe(maxBody)}.\n", ct);
            return;
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = maxBody;

        var cgi = new CgiRequest(repositories.Root, $"/{serviceId}.git/{path}", http.User.Identity?.Name ?? "", listener.DeploysOnPush(service));
        if (!(HttpMethods.IsPost(http.Request.Method) && path == ReceivePack))
        {
            await backend.RunAsync(http, cgi, ct);
            return;
        }

        string? version;
        using (await repositories.LockAsync(serviceId, ct))
        {
            var before = repositories.ReadMain(serviceId);
            await backend.RunAsync(http, cgi, ct);
            // Also when the client went away mid-answer: git may have moved main, and its head must become a version.
            version = repositories.RecordPush(serviceId, before);
        }
        if (version is null)
            return;
        // The person pushing has their answer; activating the version is the manager's business from here.
        if (!ct.IsCancellationRequested)
            await http.Response.CompleteAsync();
        try
        {
            await listener.OnPushedAsync(serviceId, version, CancellationToken.None);
        }
        catch (Exception exception)
        {
            loggers.CreateLogger(typeof(GitEndpoint)).LogError(exception,
                "Service {ServiceId}: the push listener failed for version {Version}", serviceId, version);
        }
    }

    private static Task NotFoundAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        return http.Response.WriteAsync("Repository not found, or not yours.\n");
    }
}
