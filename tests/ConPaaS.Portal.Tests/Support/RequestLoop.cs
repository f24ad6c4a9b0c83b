using System.Diagnostics;

namespace ConPaaS.Portal.Tests.Support;

/// <summary>A client that keeps requesting a URL until stopped and counts what failed, as a user's browser would see it.</summary>
public sealed class RequestLoop : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<LoadResult> _loop;

    private RequestLoop(string url) => _loop = Task.Run(() => LoopAsync(url, _stop.Token));

    public static RequestLoop Start(string url) => new(url);

    public async Task<LoadResult> StopAsync()
    {
        await _stop.CancelAsync();
        return await _loop;
    }

    private static async Task<LoadResult> LoopAsync(string url, CancellationToken stop)
    {
        // A new connection per request: a graceful reload may close idle kept-alive connections, which browsers retry.
        using var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        var clock = Stopwatch.StartNew();
        int ok = 0, failed = 0;
        var failures = new List<string>();
        while (!stop.IsCancellationRequested)
        {
            string? failure = null;
            try
            {
                using var response = await http.GetAsync(url, CancellationToken.None);
                if (response.IsSuccessStatusCode) ok++;
                else failure = $"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(CancellationToken.None)}";
            }
            catch (HttpRequestException exception)
            {
                failure = exception.Message;
            }
            if (failure is not null)
            {
                failed++;
                // The first few, with when they happened, say which step of an operation broke the service.
                if (failures.Count < 5)
                    failures.Add($"{clock.Elapsed.TotalSeconds:F2} s: {failure.ReplaceLineEndings(" ")[..Math.Min(failure.Length, 200)]}");
            }
            await Task.Delay(20, CancellationToken.None);
        }
        return new LoadResult(ok, failed, failures);
    }

    public void Dispose() => _stop.Cancel();
}

/// <summary>What a <see cref="RequestLoop"/> saw: the first failures are described so that a failing test says why.</summary>
public sealed record LoadResult(int Ok, int Failed, IReadOnlyList<string> FirstFailures)
{
    public override string ToString() => $"{Ok} ok, {Failed} failed" + (Failed == 0 ? "" : ": " + string.Join(" | ", FirstFailures));
}
