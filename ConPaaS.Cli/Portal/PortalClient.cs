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

    public PortalClient(string url, string? token)
    {
        _url = url;
        _hasToken = token is not null;
        // A trailing slash keeps a path prefix (a portal behind a reverse proxy) when relative paths are resolved.
        _http = new HttpClient { BaseAddress = new Uri(url.TrimEnd('/') + "/api/v1/"), Timeout = TimeSpan.FromSeconds(60) };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("cps", CliVersion.Short));
        if (token is not null)
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Task<T> GetAsync<T>(string path, CancellationToken ct) => SendAsync<T>(HttpMethod.Get, path, null, ct);

    public Task<T> PostAsync<T>(string path, object body, CancellationToken ct) => SendAsync<T>(HttpMethod.Post, path, body, ct);

    public Task<T> PatchAsync<T>(string path, object body, CancellationToken ct) => SendAsync<T>(HttpMethod.Patch, path, body, ct);

    public async Task DeleteAsync(string path, CancellationToken ct)
    {
        using var response = await SendCoreAsync(HttpMethod.Delete, path, null, ct);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var response = await SendCoreAsync(method, path, body, ct);
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, ct) ?? throw new JsonException("empty answer");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new CliFailure(ExitCodes.Unreachable, $"the answer from {_url} is not the portal's API ({e.Message}); check the URL with cps credentials");
        }
    }

    private async Task<HttpResponseMessage> SendCoreAsync(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new CliFailure(ExitCodes.Unreachable, $"cannot reach the portal at {_url}: {e.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CliFailure(ExitCodes.Unreachable, $"cannot reach the portal at {_url}: no answer within {_http.Timeout.TotalSeconds:0} s");
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
