namespace ConPaaS.Cli.Output;

/// <summary>Local files named on the command line: a missing or unreadable one is the person's to fix (exit 1).</summary>
public static class Files
{
    public static async Task<string> ReadTextAsync(FileInfo file, CancellationToken ct)
    {
        try
        {
            return await File.ReadAllTextAsync(file.FullName, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliFailure.Usage($"cannot read {file}: {e.Message}");
        }
    }

    public static FileStream OpenRead(FileInfo file)
    {
        try
        {
            return new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliFailure.Usage($"cannot read {file}: {e.Message}");
        }
    }

    /// <summary>
    /// Streams <paramref name="source"/> into <paramref name="path"/> through a temporary file beside it, so a
    /// broken transfer never leaves a half-written file under the asked name.
    /// </summary>
    public static async Task<long> SaveAsync(Stream source, string path, CancellationToken ct)
    {
        var full = Path.GetFullPath(path);
        var partial = full + ".part";
        try
        {
            await using (var target = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
                await source.CopyToAsync(target, ct);
            File.Move(partial, full, overwrite: true);
            return new FileInfo(full).Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(partial);
            throw CliFailure.Usage($"cannot write {path}: {e.Message}");
        }
        catch
        {
            TryDelete(partial);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing was written there, or it is not ours to remove.
        }
    }
}
