using System.Net;
using System.Net.Sockets;

namespace ConPaaS.Agent.Roles.MySql;

/// <summary>
/// The service's read-only address: a TCP balancer on the master node that hands each new connection to the
/// next replica in turn (skipping one that refuses), or to the master while there is none. MySQL's protocol is
/// per connection, so spreading connections spreads reads.
/// </summary>
internal sealed class MySqlReadBalancer(ILogger logger) : IAsyncDisposable
{
    private TcpListener? _listener;
    private CancellationTokenSource? _stop;
    private IPEndPoint? _bound;
    private volatile IPEndPoint[] _targets = [];
    private int _next;

    public void Point(IPAddress address, int port, IReadOnlyList<IPEndPoint> targets)
    {
        _targets = [.. targets];
        var wanted = new IPEndPoint(address, port);
        if (wanted.Equals(_bound))
            return;
        Stop();
        _listener = new TcpListener(wanted);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _bound = wanted;
        _stop = new CancellationTokenSource();
        _ = AcceptAsync(_listener, _stop.Token);
        logger.LogInformation("Reads on {Endpoint} go to {Count} target(s)", wanted, _targets.Length);
    }

    public void Stop()
    {
        _stop?.Cancel();
        _listener?.Stop();
        (_listener, _bound, _stop) = (null, null, null);
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException exception)
            {
                logger.LogWarning("Read balancer stopped accepting: {Reason}", exception.Message);
                return;
            }
            _ = RelayAsync(client, stop);
        }
    }

    private async Task RelayAsync(TcpClient client, CancellationToken stop)
    {
        using (client)
        {
            var targets = _targets;
            for (var attempt = 0; attempt < targets.Length; attempt++)
            {
                var target = targets[(int)((uint)Interlocked.Increment(ref _next) % (uint)targets.Length)];
                // Queries and answers are small packets: without NoDelay, Nagle's algorithm meets the other side's
                // delayed ACK and each round trip waits tens of milliseconds.
                using var server = new TcpClient { NoDelay = true };
                client.NoDelay = true;
                try
                {
                    await server.ConnectAsync(target, stop);
                }
                catch (SocketException)
                {
                    continue; // that replica does not take connections now: try the next one
                }
                await RelayBothWaysAsync(client.Client, server.Client, stop);
                return;
            }
        }
    }

    /// <summary>
    /// Copies bytes both ways until one side closes, on two dedicated threads with blocking calls: a query is a
    /// few hundred bytes and a round trip a fraction of a millisecond, so a relay that waits for the thread pool
    /// at each hop (async copying) costs more than the query. A read balancer holds tens of connections, not
    /// thousands, so two threads each is cheap.
    /// </summary>
    private static Task RelayBothWaysAsync(Socket client, Socket server, CancellationToken stop)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registration = stop.Register(() => Close(client, server));
        var remaining = 2;
        void Pump(Socket from, Socket to)
        {
            var buffer = new byte[16 * 1024];
            try
            {
                int read;
                while ((read = from.Receive(buffer)) > 0)
                    to.Send(buffer.AsSpan(0, read));
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
                // One side closed or failed; the other goes with it.
            }
            Close(client, server);
            if (Interlocked.Decrement(ref remaining) == 0)
            {
                registration.Dispose();
                done.TrySetResult();
            }
        }
        new Thread(() => Pump(client, server)) { IsBackground = true, Name = "read-balancer-in" }.Start();
        new Thread(() => Pump(server, client)) { IsBackground = true, Name = "read-balancer-out" }.Start();
        return done.Task;
    }

    private static void Close(Socket client, Socket server)
    {
        foreach (var socket in new[] { client, server })
        {
            try
            {
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
                // Already closed.
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }
}
