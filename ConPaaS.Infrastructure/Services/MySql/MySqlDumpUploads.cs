using System.Buffers;
using System.Globalization;
using ConPaaS.Domain.Errors;
using ConPaaS.Infrastructure.Options;
using Microsoft.Extensions.Options;

namespace ConPaaS.Infrastructure.Services.MySql;

/// <summary>
/// Uploaded dumps waiting for their load, in the portal's data folder (<c>services/&lt;id&gt;/dumps</c>): the load
/// runs as an operation, and a restarted portal must still find the file. Streamed to disk, never whole in
/// memory; refused early when over the limit or plainly not SQL text.
/// </summary>
public sealed class MySqlDumpUploads(IOptions<ConPaaSOptions> options)
{
    private const int BufferSize = 128 * 1024;

    /// <summary>Stores the upload; returns its name for <see cref="Open"/>. Nothing is kept when it is refused.</summary>
    /// <exception cref="InvalidInputException">Empty, over the limit, or binary data that is not gzip.</exception>
    public async Task<string> SaveAsync(int serviceId, Stream dump, CancellationToken ct)
    {
        var limit = options.Value.Limits.MaxDumpUploadBytes;
        var name = $"{Guid.NewGuid():N}.sql";
        var path = PathOf(serviceId, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            await using (var file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }))
            {
                long total = 0;
                bool? gzip = null;
                int read;
                while ((read = await dump.ReadAsync(buffer.AsMemory(0, BufferSize), ct)) > 0)
                {
                    gzip ??= read >= 2 && buffer[0] == 0x1f && buffer[1] == 0x8b;
                    if (gzip == false && buffer.AsSpan(0, read).Contains((byte)0))
                        throw new InvalidInputException("dump", "The file is not an SQL dump: it holds binary data. Send plain SQL text, or SQL compressed with gzip.");
                    total += read;
                    if (total > limit)
                        throw new InvalidInputException("dump", $"A dump may have at most {limit / (1024 * 1024)} MiB.");
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
                if (total == 0)
                    throw new InvalidInputException("dump", "The dump is empty.");
            }
            return name;
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException tooLarge) when (tooLarge.StatusCode == 413)
        {
            File.Delete(path);
            throw new InvalidInputException("dump", $"A dump may have at most {limit / (1024 * 1024)} MiB.");
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public Stream Open(int serviceId, string name) => File.OpenRead(PathOf(serviceId, name));

    public bool Exists(int serviceId, string name) => File.Exists(PathOf(serviceId, name));

    public void Delete(int serviceId, string name) => File.Delete(PathOf(serviceId, name));

    private string PathOf(int serviceId, string name)
    {
        // Names are ours (a GUID), but a name read back from the database is checked all the same.
        if (Path.GetFileName(name) != name || !name.EndsWith(".sql", StringComparison.Ordinal))
            throw new ArgumentException($"'{name}' is not an upload name.", nameof(name));
        return Path.Combine(options.Value.ResolveDataDirectory(), "services", serviceId.ToString(CultureInfo.InvariantCulture), "dumps", name);
    }
}
