using System.Text;

namespace ConPaaS.Portal.Git;

/// <summary>Turns a CGI program's output (a header block, a blank line, the body) into the HTTP response.</summary>
internal static class CgiResponseWriter
{
    private const int MaxHeaderBytes = 64 * 1024;

    public static async Task CopyAsync(Stream output, HttpResponse response, CancellationToken ct)
    {
        var buffer = new byte[81920];
        var filled = 0;
        int headerEnd, bodyStart;
        while (true)
        {
            var read = await output.ReadAsync(buffer.AsMemory(filled), ct);
            if (read == 0)
                throw new InvalidOperationException("git http-backend ended before its headers.");
            filled += read;
            (headerEnd, bodyStart) = FindHeaderEnd(buffer.AsSpan(0, filled));
            if (headerEnd >= 0)
                break;
            if (filled >= MaxHeaderBytes || filled == buffer.Length)
                throw new InvalidOperationException("git http-backend sent an overlong header block.");
        }

        ApplyHeaders(Encoding.ASCII.GetString(buffer, 0, headerEnd), response);
        if (filled > bodyStart)
            await response.Body.WriteAsync(buffer.AsMemory(bodyStart, filled - bodyStart), ct);
        int more;
        while ((more = await output.ReadAsync(buffer, ct)) > 0)
        {
            await response.Body.WriteAsync(buffer.AsMemory(0, more), ct);
            // Progress and hook messages should reach the person pushing while they happen.
            await response.Body.FlushAsync(ct);
        }
    }

    /// <summary>Where the blank line is: CGI programs may end lines with LF or CRLF.</summary>
    private static (int HeaderEnd, int BodyStart) FindHeaderEnd(ReadOnlySpan<byte> data)
    {
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] != '\n')
                continue;
            if (i + 1 < data.Length && data[i + 1] == '\n')
                return (i, i + 2);
            if (i + 2 < data.Length && data[i + 1] == '\r' && data[i + 2] == '\n')
                return (i, i + 3);
        }
        return (-1, -1);
    }

    private static void ApplyHeaders(string block, HttpResponse response)
    {
        foreach (var raw in block.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var colon = line.IndexOf(':');
            if (colon <= 0)
                continue;
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                if (int.TryParse(value.Split(' ', 2)[0], out var status))
                    response.StatusCode = status;
            }
            else if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                response.ContentType = value;
            else
                response.Headers.Append(name, value);
        }
    }
}
