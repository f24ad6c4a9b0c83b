namespace ConPaaS.Infrastructure.Tests.Clouds;

/// <summary>
/// Loopback addresses no other test, test class or parallel test run uses: the second octet comes from the
/// process id, the third from a counter in this process, so every sandbox gets a block of its own. The second
/// octet stays within 16–99: the portal's tests take 100–149 and the end-to-end tests 150–199.
/// </summary>
public static class TestAddressRanges
{
    private static int _counter;

    public static (string Start, string End) Next()
    {
        var second = 16 + (Environment.ProcessId % 84);
        var third = 1 + (Interlocked.Increment(ref _counter) % 254);
        return ($"127.{second}.{third}.1", $"127.{second}.{third}.16");
    }
}
