namespace ConPaaS.Portal.Tests.Support;

/// <summary>
/// How much the process's resident memory rose to at its peak since <see cref="Start"/>: managed and native alike
/// (libgit2, zlib), read from the kernel's high-water mark after resetting it. Meaningful only while nothing else
/// runs in the process, i.e. in a test collection of its own.
/// </summary>
public sealed class PeakMemory
{
    private readonly long _startBytes;

    private PeakMemory(long startBytes) => _startBytes = startBytes;

    public static PeakMemory Start()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        // 5 resets the peak resident set (VmHWM) to the current one (proc(5), /proc/pid/clear_refs).
        File.WriteAllText("/proc/self/clear_refs", "5");
        return new PeakMemory(ReadStatus("VmRSS"));
    }

    /// <summary>The highest resident memory since the start, less what was resident then.</summary>
    public long ExtraBytes => ReadStatus("VmHWM") - _startBytes;

    private static long ReadStatus(string key)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(key + ":", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024; // kB
    }
}
