namespace OpenClaw.Core.Providers;

/// <summary>
/// A provider's server-sent-events body as the adapters read it: it calls <c>onActivity</c> after every read that
/// returned data (keep-alive comments and pings included, which parsers consume without showing them), and it fails
/// a stream whose event grows beyond <see cref="MaxEventBytes"/> without an empty line — the SSE parsers buffer an
/// event without limit. (The NDJSON reader of the Ollama adapter bounds its lines itself.)
/// </summary>
internal sealed class UpstreamBodyStream(Stream inner, Action? onActivity) : Stream
{
    /// <summary>16 MiB: far above any real chunk, far below what would hurt the process.</summary>
    public const int MaxEventBytes = 16 * 1024 * 1024;


    private long _eventBytes;
    private bool _lineEmpty = true;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Observed(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Observed(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override ValueTask DisposeAsync() => inner.DisposeAsync();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Observed(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return 0;
        }


        // An event ends at an empty line ("\n\n" or "\r\n\r\n"), which may be split across reads.
        var rest = data;
        while (rest.IndexOf((byte)'\n') is var newline and >= 0)
        {
            var line = rest[..newline];
            var blank = line.IsEmpty || (line.Length == 1 && line[0] == (byte)'\r');
            if (blank && _lineEmpty)
            {
                _eventBytes = 0;
            }
            else
            {
                _eventBytes += newline + 1;
            }

            _lineEmpty = true;
            rest = rest[(newline + 1)..];
            if (_eventBytes > MaxEventBytes)
            {
                throw ProviderException.Malformed(ProviderMalformed.Oversized);
            }
        }

        if (!rest.IsEmpty)
        {
            _eventBytes += rest.Length;
            _lineEmpty = false;
        }

        if (_eventBytes > MaxEventBytes)
        {
            throw ProviderException.Malformed(ProviderMalformed.Oversized);
        }

        onActivity?.Invoke();
        return data.Length;
    }
}
