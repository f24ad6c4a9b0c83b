using System.Runtime.InteropServices;

namespace ConPaaS.Infrastructure.Clouds.Local.Isolation;

/// <summary><c>chown(2)</c>: .NET has no way to give a file to another user.</summary>
internal static class FileOwnership
{
    public static void Change(string path, int uid, int gid)
    {
        if (Chown(path, uid, gid) != 0)
            throw new IOException($"Could not give {path} to uid {uid}: errno {Marshal.GetLastPInvokeError()}.");
    }

#pragma warning disable SYSLIB1054 // plain ints and a UTF-8 path: nothing to marshal that LibraryImport would do better
    [DllImport("libc", EntryPoint = "chown", SetLastError = true)]
    private static extern int Chown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int uid, int gid);
#pragma warning restore SYSLIB1054
}
