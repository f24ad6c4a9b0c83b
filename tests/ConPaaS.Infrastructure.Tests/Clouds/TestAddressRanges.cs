namespace ConPaaS.Infrastructure.Tests.Clouds;

/// <summary>
/// Loopback addresses no other test, test class or parallel test run uses: the second octet comes from the
/// process id, the third from a counter in this process, so every sandbox gets a block of its own. The second
/// octet stays within 16–57 for the infrastructure tests and 58–99 for the agent tests (this file is compiled
/// into both, and they run in parallel: with one shared range, two processes whose ids agreed modulo its size
/// took the same addresses); the portal's tests take 100–149 and the end-to-end tests 150–199.
/// </summary>
public static class TestAddressRanges
{
    private static readonly int FirstSecondOctet =
        typeof(TestAddressRanges).Assembly.GetName().Name == "ConPaaS.Agent.Tests" ? 58 : 16;

    private static int _counter;

    public static (string Start, string End) Next()
    {
        var second = FirstSecondOctet + (Environment.ProcessId % 42);
        var sandbox = Interlocked.Increment(ref _counter);
        // Fifteen sandboxes share a private /24 (and its bridge), each with 16 addresses of it; .1 is the bridge's.
        var third = 1 + (sandbox / 15 % 254);
        var first = 2 + (sandbox % 15 * 16);
        return ($"10.{second}.{third}.{first}", $"10.{second}.{third}.{first + 15}");
    }
}
