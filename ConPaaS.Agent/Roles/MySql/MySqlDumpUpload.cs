using System.Buffers;
using System.IO.Compression;

namespace ConPaaS.Agent.Roles.MySql;

/// <summary>
/// Brings an uploaded dump of any size to a private temporary file, streaming (never whole in memory). A gzip
/// file is unpacked on the way; anything else that holds NUL bytes is binary, not SQL text (mariadb-dump writes
/// NUL as <c>\0</c>), and is refused before it reaches the server.
/// </summary>
internal static class MySqlDumpUpload
{
    private const int BufferSize = 128 * 1024;

    /// <summary>The path of the SQL text file and its size; the caller deletes the file.</summary>
    public static async Task<(string Path, long Bytes)> ReceiveAsync(Stream body, string temporaryDirectory, CancellationToken cancellationToken)
    {
        var rawPath = Path.Combine(temporaryDirectory, $"upload-{Guid.NewGuid():N}.raw");
        var sqlPath = Path.ChangeExtension(rawPath, ".sql");
        try
        {
            var (rawBytes, rawHasNul) = await CopyAsync(body, rawPath, cancellationToken);
            if (rawBytes == 0)
                throw new InvalidDumpException("The dump is empty.");
            if (!await IsGzipAsync(rawPath, cancellationToken))
            {
                if (rawHasNul)
                    throw new InvalidDumpException("The file is not an SQL dump: it holds binary data. Send plain SQL text, or SQL compressed with gzip.");
                File.Move(rawPath, sqlPath);
                return (sqlPath, rawBytes);
            }
            await using (var compressed = File.OpenRead(rawPath))
            await using (var unpacked = new GZipStream(compressed, CompressionMode.Decompress))
            {
                var (bytes, hasNul) = await CopyAsync(unpacked, sqlPath, cancellationToken);
                if (hasNul || bytes == 0)
                    throw new InvalidDumpException("The gzip file does not hold an SQL dump.");
                File.Delete(rawPath);
                return (sqlPath, bytes);
            }
        }
        catch (InvalidDataException)
        {
            File.Delete(sqlPath);
            throw new InvalidDumpException("The file looks like gzip but cannot be unpacked.");
        }
        catch
        {
            File.Delete(sqlPath);
            throw;
        }
        finally
        {
            File.Delete(rawPath);
        }
    }

    private static async Task<(long Bytes, bool HasNul)> CopyAsync(Stream source, string path, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            await using var file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
            long total = 0;
            var hasNul = false;
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                hasNul |= buffer.AsSpan(0, read).Contains((byte)0);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                total += read;
            }
            return (total, hasNul);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<bool> IsGzipAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        var magic = new byte[2];
        return await file.ReadAtLeastAsync(magic, 2, throwOnEndOfStream: false, cancellationToken) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }
}
