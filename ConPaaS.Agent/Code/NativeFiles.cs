using System.Runtime.InteropServices;

namespace ConPaaS.Agent.Code;

/// <summary>
/// The two file-system calls .NET does not offer as such: rename(2) of a symbolic link itself (File.Move looks
/// through it at the folder it names) and realpath(3), which resolves every link of a path, also the ones in
/// the middle, the way the kernel does when a web server opens the file.
/// </summary>
internal static class NativeFiles
{
    /// <summary>Atomically replaces <paramref name="destination"/> (a file or link) with <paramref name="source"/>.</summary>
    public static void Rename(string source, string destination)
    {
        if (RenameNative(source, destination) != 0)
            throw new IOException($"rename '{source}' to '{destination}' failed (errno {Marshal.GetLastPInvokeError()}).");
    }

    /// <summary>The path with every link resolved, or null when some part of it does not exist.</summary>
    public static string? RealPath(string path)
    {
        var resolved = RealPathNative(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
            return null;
        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Free(resolved);
        }
    }

    // DllImport rather than LibraryImport: the latter needs unsafe code enabled for the whole project.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int RenameNative([MarshalAs(UnmanagedType.LPUTF8Str)] string source, [MarshalAs(UnmanagedType.LPUTF8Str)] string destination);

    [DllImport("libc", EntryPoint = "realpath", SetLastError = true)]
    private static extern IntPtr RealPathNative([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);

    [DllImport("libc", EntryPoint = "free")]
    private static extern void Free(IntPtr pointer);
#pragma warning restore SYSLIB1054
}
