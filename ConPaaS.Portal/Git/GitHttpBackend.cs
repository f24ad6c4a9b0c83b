using System.Diagnostics;
using System.Globalization;

namespace ConPaaS.Portal.Git;

/// <summary>
/// Runs the system's <c>git http-backend</c> as a CGI program for one request: the request body is streamed to its
/// standard input and its output back to the client as it comes, so packs are never held in memory. Using git's own
/// server keeps every protocol detail (v0/v2, gzip bodies, side-band progress, hooks) exactly as git expects.
/// </summary>
internal sealed class GitHttpBackend(ILogger<GitHttpBackend> logger)
{
    private const string BackendProgram = "/usr/lib/git-core/git-http-backend";

    /// <summary>How long git may take to finish on its own after the client went away, before it is killed.</summary>
    private static readonly TimeSpan AfterAbort = TimeSpan.FromSeconds(60);

    public async Task RunAsync(HttpContext http, CgiRequest cgi, CancellationToken ct)
    {
        using var process = Process.Start(StartInfo(http.Request, http.Connection.RemoteIpAddress?.ToString(), cgi))
                            ?? throw new InvalidOperationException("git http-backend did not start.");
        var feedInput = FeedAsync(http.Request.Body, process, ct);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var output = process.StandardOutput.BaseStream;
        try
        {
            await CgiResponseWriter.CopyAsync(output, http.Response, ct);
        }
        catch (Exception exception) when (ct.IsCancellationRequested && exception is OperationCanceledException or IOException)
        {
            // The client went away. git is not killed at once (a killed receive-pack can leave a ref locked): it
            // sees the end of its input and exits; what it still writes is read and dropped.
            using var grace = new CancellationTokenSource(AfterAbort);
            try
            {
                await output.CopyToAsync(Stream.Null, grace.Token);
            }
            catch (OperationCanceledException)
            {
                KillQuietly(process);
            }
        }
        await feedInput;
        await process.WaitForExitAsync(CancellationToken.None);

        var stderr = await errors;
        if (process.ExitCode != 0 || stderr.Length > 0)
            logger.LogWarning("git http-backend for {PathInfo} exited with {ExitCode}: {Errors}", cgi.PathInfo, process.ExitCode, stderr.Trim());
    }

    private static ProcessStartInfo StartInfo(HttpRequest request, string? remoteAddress, CgiRequest cgi)
    {
        var start = File.Exists(BackendProgram)
            ? new ProcessStartInfo(BackendProgram)
            : new ProcessStartInfo("git", ["http-backend"]);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;

        // The portal's own environment must not point git elsewhere (GIT_DIR, GIT_CONFIG_…, a test runner's settings).
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("GIT_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(key);
        var environment = start.Environment;
        environment["GATEWAY_INTERFACE"] = "CGI/1.1";
        environment["SERVER_PROTOCOL"] = request.Protocol;
        environment["GIT_PROJECT_ROOT"] = cgi.ProjectRoot;
        environment["GIT_HTTP_EXPORT_ALL"] = "1";
        environment["PATH_INFO"] = cgi.PathInfo;
        environment["REQUEST_METHOD"] = request.Method;
        environment["QUERY_STRING"] = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        environment["CONTENT_TYPE"] = request.ContentType ?? "";
        if (request.ContentLength is { } length)
            environment["CONTENT_LENGTH"] = length.ToString(CultureInfo.InvariantCulture);
        environment["HTTP_CONTENT_ENCODING"] = request.Headers.ContentEncoding.ToString();
        environment["HTTP_GIT_PROTOCOL"] = request.Headers["Git-Protocol"].ToString();
        environment["REMOTE_USER"] = cgi.RemoteUser;
        environment["REMOTE_ADDR"] = remoteAddress ?? "";
        environment["CONPAAS_DEPLOY_ON_PUSH"] = cgi.DeployOnPush ? "1" : "0";
        return start;
    }

    /// <summary>Streams the request body to git; git may stop reading early (it refused the request), which is fine.</summary>
    private static async Task FeedAsync(Stream body, Process process, CancellationToken ct)
    {
        var input = process.StandardInput.BaseStream;
        try
        {
            await body.CopyToAsync(input, 81920, ct);
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException)
        {
            // git closed its input (its answer says why), or the client went away (git sees the input end).
        }
        finally
        {
            try { input.Close(); } catch (IOException) { }
        }
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { }
    }
}
