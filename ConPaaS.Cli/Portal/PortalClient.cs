using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ConPaaS.Cli.Portal;

/// <summary>
/// The one way `cps` talks to the portal: JSON under <c>/api/v1</c>, the token as a bearer, and every failure
/// turned into a <see cref="CliFailure"/> with the exit code of its kind.
/// </summary>
public sealed class PortalClient : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;
    private readonly string _url;
    private readonly bool _hasToken;

    /// <summary>How long an ordinary request may wait for its answer.</summary>
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a transfer (a code archive, a dump) may take: the portal answers a dump only once it has run, and
    /// a large archive on a slow line takes a while.
    /// </summary>
    private static readonly TimeSpan TransferTimeout = TimeSpan.FromHours(2);

    public PortalClient(string url, string? token)
    {
        _url = url;
        _hasToken = token is not null;
        // A trailing slash keeps a path prefix (a portal behind a reverse proxy) when relative paths are resolved.
        _http = new HttpClient { BaseAddress = new Uri(url.TrimEnd('/') + "/api/v1/"), Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("cps", CliVersion.Short));
        if (token is not null)
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Task<T> GetAsync<T>(string path, CancellationToken ct) => SendAsync<T>(HttpMethod.Get, path, null, ct);

    public Task<T> PostAsync<T>(string path, object? body, CancellationToken ct) => SendAsync<T>(HttpMethod.Post, path, body, ct);

    public Task<T> PatchAsync<T>(string path, object body, CancellationToken ct) => SendAsync<T>(HttpMethod.Patch, path, body, ct);

    public Task<T> PutAsync<T>(string path, object body, CancellationToken ct) => SendAsync<T>(HttpMethod.Put, path, body, ct);

    public async Task DeleteAsync(string path, CancellationToken ct)
    {
        using var response = await SendCoreAsync(HttpMethod.Delete, path, null, ct);
    }

    /// <summary>A DELETE whose answer has a body (removing nodes answers 202 with the service).</summary>
    public Task<T> DeleteAsync<T>(string path, CancellationToken ct) => SendAsync<T>(HttpMethod.Delete, path, null, ct);

    /// <summary>Sends <paramref name="content"/> as it is (a text, a stream, a form) and reads a JSON answer.</summary>
    public async Task<T> SendContentAsync<T>(HttpMethod method, string path, HttpContent content, CancellationToken ct)
    {
        using var response = await SendCoreAsync(method, path, content, ct, TransferTimeout);
        return await ReadJsonAsync<T>(response, ct);
    }

    /// <summary>Sends <paramref name="content"/> and expects no body back (204).</summary>
    public async Task SendContentAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        using var response = await SendCoreAsync(method, path, content, ct, TransferTimeout);
    }

    /// <summary>A text answer (a startup script), read whole.</summary>
    public async Task<string> GetTextAsync(string path, CancellationToken ct)
    {
        using var response = await SendCoreAsync(HttpMethod.Get, path, null, ct);
        return await response.Content.ReadAsStringAsync(ct);
    }

    /// <summary>
    /// A file answer (a ZIP, a dump): the response, headers read and body not yet, for the caller to stream and
    /// dispose; a failure is mapped like every other before it returns.
    /// </summary>
    public Task<HttpResponseMessage> GetStreamingAsync(string path, CancellationToken ct) =>
        SendCoreAsync(HttpMethod.Get, path, null, ct, TransferTimeout, HttpCompletionOption.ResponseHeadersRead);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var response = await SendCoreAsync(method, path, body is null ? null : JsonContent.Create(body, body.GetType(), options: Json), ct);
        return await ReadJsonAsync<T>(response, ct);
    }

    private async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, ct) ?? throw new JsonException("empty answer");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new CliFailure(ExitCodes.Unreachable, $"the answer from {_url} is not the portal's API ({e.Message}); check the URL with cps credentials");
        }
    }

    private async Task<HttpResponseMessage> SendCoreAsync(
        HttpMethod method, string path, HttpContent? content, CancellationToken ct,
        TimeSpan? timeout = null, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Content = content;
        timeout ??= AnswerTimeout;

        HttpResponseMessage response;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout.Value);
        try
        {
            response = await _http.SendAsync(request, completion, deadline.Token);
        }
        catch (HttpRequestException e)
        {
            throw new CliFailure(ExitCodes.Unreachable, $"cannot reach the portal at {_url}: {e.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CliFailure(ExitCodes.Unreachable, $"cannot reach the portal at {_url}: no answer within {timeout.Value.TotalSeconds:0} s");
        }

        if (response.IsSuccessStatusCode)
            return response;
        using (response)
            throw await FailureOfAsync(method, path, response, ct);
    }

    private async Task<CliFailure> FailureOfAsync(HttpMethod method, string path, HttpResponseMessage response, CancellationToken ct)
    {
        var problem = await ReadProblemAsync(response, ct);
        var status = (int)response.StatusCode;
        var line = problem.ToLine($"the portal answered {status} {response.ReasonPhrase} to {method} /api/v1/{path}");
        return response.StatusCode switch
        {
            // Without a token a 401 is the answer to a wrong password, which the person can read as it is.
            HttpStatusCode.Unauthorized when _hasToken => CliFailure.NotLoggedIn($"the portal refused the stored token ({line})"),
            HttpStatusCode.Unauthorized => new CliFailure(ExitCodes.NotLoggedIn, line),
            _ when status >= 500 => new CliFailure(ExitCodes.PortalFailed, $"the portal failed: {line}"),
            _ => CliFailure.Refused(line),
        };
    }

    private static async Task<Problem> ReadProblemAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        if (!mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
            return new Problem(null, null, null, null);
        try
        {
            return await response.Content.ReadFromJsonAsync<Problem>(Json, ct) ?? new Problem(null, null, null, null);
        }
        catch (JsonException)
        {
            return new Problem(null, null, null, null);
        }
    }

    public void Dispose() => _http.Dispose();
}
