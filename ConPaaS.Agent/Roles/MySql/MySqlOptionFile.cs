using ConPaaS.Agent.Hosting;

namespace ConPaaS.Agent.Roles.MySql;

/// <summary>
/// A short-lived <c>[client]</c> option file: how a tool gets a password without it appearing in <c>ps</c>. Made
/// new (never through whatever already has its name), 0600, and given to the workload's user when that user runs
/// the tool; the caller deletes it.
/// </summary>
internal static class MySqlOptionFile
{
    public static async Task WriteAsync(string path, IReadOnlyList<KeyValuePair<string, string>> client, WorkloadIdentity? readBy, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        await using var stream = new FileStream(path, options);
        readBy?.GiveFile(stream.SafeFileHandle, path);
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync("[client]\n");
        foreach (var (name, value) in client)
            await writer.WriteAsync($"{name}={Quote(value)}\n".AsMemory(), cancellationToken);
    }

    /// <summary>
    /// A value in double quotes, with <c>\</c> and <c>"</c> escaped: as the client reads option files, a quoted value
    /// keeps its spaces and <c>#</c> (a comment otherwise) and loses its quotes. No line break can occur (the rules
    /// refuse control characters in passwords).
    /// </summary>
    public static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
