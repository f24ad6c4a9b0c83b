namespace ConPaaS.Portal.Tests.Support;

/// <summary>A client that keeps requesting a URL until stopped and counts what failed, as a user's browser would see it.</summary>
public sealed class RequestLoop : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<(int Ok, int Failed)> _loop;

    private RequestLoop(string url) => _loop = Task.Run(() => LoopAsync(url, _stop.Token));

    public static RequestLoop Start(string url) => new(url);

    public async Task<(int Ok, int Failed)> StopAsync()
    {
        await _stop.CancelAsync();
        return await _loop;
    }

    private static async Task<(int, int)> LoopAsync(string url, CancellationToken stop)
    {
        // A new connection per request: a graceful reload may close idle kept-alive connections, which browsers retry.
        using var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        int ok = 0, failed = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await http.GetAsync(url, CancellationToken.None);
                if (response.IsSuccessStatusCode) ok++; else failed++;
            }
            catch (HttpRequestException)
            {
                failed++;
            }
            await Task.Delay(20, CancellationToken.None);
        }
        return (ok, failed);
    }

    public void Dispose() => _stop.Cancel();
}
