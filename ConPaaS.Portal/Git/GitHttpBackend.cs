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

    /// <exception cref="BadHttpRequestException">The request body broke off or passed the size limit (413); git was stopped.</exception>
    public async Task RunAsync(HttpContext http, CgiRequest cgi, CancellationToken ct)
    {
        using var process = Process.Start(StartInfo(http.Request, http.Connection.RemoteIpAddress?.ToString(), cgi))
                            ?? throw new InvalidOperationException("git http-backend did not start.");
        var feed = FeedAsync(http.Request.Body, process, ct);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var output = process.StandardOutput.BaseStream;
        Exception? answerFailure = null;
        try
        {
            await CgiResponseWriter.CopyAsync(output, http.Response, ct);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or InvalidOperationException)
        {
            answerFailure = exception;
        }
        var requestFailure = await feed;
        if (answerFailure is not null && requestFailure is null)
            await DrainAsync(output, process);
        await process.WaitForExitAsync(CancellationToken.None);

        var stderr = await errors;
        if (process.ExitCode != 0 || stderr.Length > 0)
            logger.LogWarning("git http-backend for {PathInfo} exited with {ExitCode}: {Errors}", cgi.PathInfo, process.ExitCode, stderr.Trim());
        if (requestFailure is BadHttpRequestException tooLarge)
            throw tooLarge;
        if (answerFailure is InvalidOperationException && !ct.IsCancellationRequested && requestFailure is null)
            throw answerFailure;
    }

    /// <summary>
    /// Streams the request body to git and returns null, or the reason the body broke off. In that case git is
    /// killed: with <c>CONTENT_LENGTH</c> set, http-backend waits forever for the bytes it was promised, and a
    /// receive-pack without its whole pack has not touched any ref, so stopping it loses nothing.
    /// </summary>
    private static async Task<Exception?> FeedAsync(Stream body, Process process, CancellationToken ct)
    {
        var input = process.StandardInput.BaseStream;
        var buffer = new byte[81920];
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await body.ReadAsync(buffer, ct);
                }
                catch (Exception exception) when (exception is IOException or OperationCanceledException)
                {
                    KillQuietly(process);
                    return exception;
                }
                if (read == 0)
                    return null;
                try
                {
                    await input.WriteAsync(buffer.AsMemory(0, read), ct);
                }
                catch (IOException)
                {
                    return null; // git stopped reading: it refused the request, and its answer says why.
                }
                catch (OperationCanceledException exception)
                {
                    KillQuietly(process);
                    return exception;
                }
            }
        }
        finally
        {
            try { input.Close(); } catch (IOException) { }
        }
    }

    /// <summary>
    /// The client went away after sending everything. git is not killed at once (a receive-pack killed while it
    /// updates refs can leave one locked): what it still writes is read and dropped until it exits on its own.
    /// </summary>
    private static async Task DrainAsync(Stream output, Process process)
    {
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
