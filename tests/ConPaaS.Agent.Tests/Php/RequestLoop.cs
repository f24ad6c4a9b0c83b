using System.Collections.Concurrent;
using System.Net;

namespace ConPaaS.Agent.Tests.Php;

/// <summary>Clients asking one URL over and over until stopped, recording every answer and every failure.</summary>
public sealed class RequestLoop(HttpClient http, string url, int clients = 4) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _bodies = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private Task _running = Task.CompletedTask;

    public IReadOnlyCollection<string> Bodies => _bodies;

    public IReadOnlyCollection<string> Failures => _failures;

    public void Start() => _running = Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(RunAsync)));

    /// <summary>
    /// Waits until <paramref name="count"/> more answers (matching, if given) came, or a request failed. The
    /// minute allowed is no speed claim, only a guard against a test that would otherwise hang.
    /// </summary>
    public async Task WaitForMoreAsync(int count, Func<string, bool>? matching = null)
    {
        var target = _bodies.Count(body => matching?.Invoke(body) ?? true) + count;
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (_bodies.Count(body => matching?.Invoke(body) ?? true) < target && _failures.IsEmpty)
        {
            if (guard.IsCancellationRequested)
                throw new TimeoutException($"Waited a minute for {count} more answers; the last was: {_bodies.LastOrDefault()}");
            await Task.Delay(20);
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _running;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var response = await http.GetAsync(url);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK)
                    _bodies.Enqueue(body);
                else
                    _failures.Enqueue($"{(int)response.StatusCode}: {body[..Math.Min(body.Length, 200)]}");
            }
            catch (HttpRequestException exception)
            {
                _failures.Enqueue(exception.Message);
            }
        }
    }
}
