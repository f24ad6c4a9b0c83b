using ConPaaS.Domain.Errors;

namespace ConPaaS.Infrastructure.Code;

/// <summary>
/// An uploaded archive saved to a temporary file while its bytes are counted, so an upload over the limit is
/// refused as soon as it passes it and is never held in memory. The file is deleted on dispose.
/// </summary>
public sealed class StagedArchive : IAsyncDisposable
{
    private StagedArchive(string path, string? fileName, long length)
    {
        Path = path;
        FileName = fileName;
        Length = length;
    }

    public string Path { get; }

    /// <summary>The name the uploader gave the archive, for the version's description; may be absent.</summary>
    public string? FileName { get; }

    public long Length { get; }

    /// <exception cref="InvalidInputException">The archive is larger than <paramref name="maxBytes"/>.</exception>
    public static async Task<StagedArchive> SaveAsync(Stream source, string? fileName, long maxBytes, CancellationToken ct)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"conpaas-upload-{Guid.NewGuid():N}");
        try
        {
            long length = 0;
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await source.ReadAsync(buffer, ct)) > 0)
                {
                    length += read;
                    if (length > maxBytes)
                        throw new InvalidInputException("archive",
                            $"The archive is larger than the limit of {ArchiveLimits.Describe(maxBytes)}.");
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }
            return new StagedArchive(path, fileName, length);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        File.Delete(Path);
        return ValueTask.CompletedTask;
    }
}
