using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ConPaaS.Agent.Hosting;

/// <summary>
/// The file calls .NET does not offer and the agent needs once its workloads run as another user: giving files to
/// that user, and opening what lives in the workload's own folders without following a link the workload may have
/// put there (the agent is root: a followed <c>stdout -&gt; ../../certs/node.key</c> would read or chown anything).
/// </summary>
internal static class PosixFiles
{
    private const int ReadOnly = 0;
    private const int NonBlocking = 0x800; // O_NONBLOCK: a FIFO put in place of a file must not hang the agent
    private const int CloseOnExec = 0x80000;
    private const int NoSuchFile = 2; // ENOENT
    private const int TooManyLinks = 40; // ELOOP: what O_NOFOLLOW answers for a link

    // O_DIRECTORY and O_NOFOLLOW are the two flags whose values differ between architectures (asm-generic vs arm).
    private static readonly bool ArmFlags = RuntimeInformation.ProcessArchitecture
        is Architecture.Arm or Architecture.Arm64 or Architecture.Armv6 or Architecture.Ppc64le;

    private static int NoFollow => ArmFlags ? 0x8000 : 0x20000;

    private static int DirectoryOnly => ArmFlags ? 0x4000 : 0x10000;

    /// <summary>
    /// Opens a regular file for reading, refusing a link in its last component; null when it is missing.
    /// </summary>
    /// <exception cref="IOException">It is a link, or cannot be opened.</exception>
    public static SafeFileHandle? OpenForReadingNoFollow(string path)
    {
        var fd = OpenNative(path, ReadOnly | NonBlocking | CloseOnExec | NoFollow, 0);
        if (fd >= 0)
            return new SafeFileHandle((IntPtr)fd, ownsHandle: true);
        var error = Marshal.GetLastPInvokeError();
        return error == NoSuchFile ? null : throw Failure("open", path, error);
    }

    /// <summary>A small text file (a pid file) read without following a link; null when missing or unreadable.</summary>
    public static string? ReadSmallText(string path, int maxBytes = 64)
    {
        try
        {
            using var handle = OpenForReadingNoFollow(path);
            if (handle is null)
                return null;
            var buffer = new byte[maxBytes];
            var read = RandomAccess.Read(handle, buffer, 0);
            return System.Text.Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Sets owner, group and mode of a folder, refusing a link in its last component.</summary>
    public static void SetDirectoryOwnerAndMode(string path, int uid, int gid, UnixFileMode mode) =>
        SetOwnerAndMode(path, ReadOnly | DirectoryOnly | CloseOnExec | NoFollow, uid, gid, mode);

    /// <summary>Sets owner, group and mode of a file, refusing a link in its last component.</summary>
    public static void SetFileOwnerAndMode(string path, int uid, int gid, UnixFileMode mode) =>
        SetOwnerAndMode(path, ReadOnly | NonBlocking | CloseOnExec | NoFollow, uid, gid, mode);

    /// <summary>fchown(2) and fchmod(2) on an open file; -1 leaves the owner or group as it is.</summary>
    public static void SetOwnerAndMode(SafeFileHandle handle, int uid, int gid, UnixFileMode mode, string pathForErrors)
    {
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var fd = (int)handle.DangerousGetHandle();
            if ((uid != -1 || gid != -1) && FileChownNative(fd, uid, gid) != 0)
                throw Failure("chown", pathForErrors, Marshal.GetLastPInvokeError());
            if (FileChmodNative(fd, (int)mode) != 0)
                throw Failure("chmod", pathForErrors, Marshal.GetLastPInvokeError());
        }
        finally
        {
            if (added)
                handle.DangerousRelease();
        }
    }

    /// <summary>lchown(2): a link itself is given, never what it names.</summary>
    public static void SetOwnerNoFollow(string path, int uid, int gid)
    {
        if (LinkChownNative(path, uid, gid) != 0)
            throw Failure("chown", path, Marshal.GetLastPInvokeError());
    }

    private static void SetOwnerAndMode(string path, int flags, int uid, int gid, UnixFileMode mode)
    {
        var fd = OpenNative(path, flags, 0);
        if (fd < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            throw error == TooManyLinks
                ? new IOException($"'{path}' is a symbolic link; the agent does not follow links out of a workload's folders.")
                : Failure("open", path, error);
        }
        using var handle = new SafeFileHandle((IntPtr)fd, ownsHandle: true);
        SetOwnerAndMode(handle, uid, gid, mode, path);
    }

    private static IOException Failure(string call, string path, int error) =>
        new($"{call} '{path}' failed: {Marshal.GetPInvokeErrorMessage(error)} (errno {error}).");

    // DllImport rather than LibraryImport: the latter needs unsafe code enabled for the whole project, and these
    // calls take and return plain ints and one UTF-8 path. open(2) is variadic; its mode is passed as the third int.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int OpenNative([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport("libc", EntryPoint = "fchown", SetLastError = true)]
    private static extern int FileChownNative(int fd, int uid, int gid);

    [DllImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    private static extern int FileChmodNative(int fd, int mode);

    [DllImport("libc", EntryPoint = "lchown", SetLastError = true)]
    private static extern int LinkChownNative([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int uid, int gid);
#pragma warning restore SYSLIB1054
}
