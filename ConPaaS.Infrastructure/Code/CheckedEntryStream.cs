using System.IO.Hashing;

namespace ConPaaS.Infrastructure.Code;

/// <summary>
/// An entry's content held to the size (and, for a ZIP, the CRC-32) that the archive records for it.
/// System.IO.Compression checks neither (measured on .NET 10): a deflated entry whose recorded size is too small is
/// cut there silently, a stored one runs on to its compressed size, and a wrong checksum passes. Here, reading past
/// the recorded size, or reaching the end short of it or with another checksum, throws
/// <see cref="DamagedEntryException"/>, so what the importer stores is exactly what the archive says it holds.
/// The content stream stays its reader's to dispose.
/// </summary>
internal sealed class CheckedEntryStream(Stream content, long recordedLength, uint? recordedCrc32) : Stream
{
    private readonly Crc32? _crc = recordedCrc32 is null ? null : new Crc32();
    private long _read;

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
            return 0;
        var read = content.Read(buffer);
        if (read == 0)
        {
            if (_read != recordedLength)
                throw new DamagedEntryException($"ends after {_read} bytes, but the archive records {recordedLength}");
            if (_crc is not null && _crc.GetCurrentHashAsUInt32() != recordedCrc32)
                throw new DamagedEntryException("does not match the checksum (CRC-32) that the archive records");
            return 0;
        }
        _read += read;
        if (_read > recordedLength)
            throw new DamagedEntryException($"holds more than the {recordedLength} bytes that the archive records");
        _crc?.Append(buffer[..read]);
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 0 ? -1 : one[0];
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => recordedLength;

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>An entry's content disagrees with what the archive records for it; the message says how, for the uploader.</summary>
internal sealed class DamagedEntryException(string reason) : IOException(reason);
