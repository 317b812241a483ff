using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace OpenClaw.Core.Providers;

/// <summary>
/// A large JSON request body written straight onto the connection instead of into a buffer first: a 20 MiB prompt is
/// not held a second time while it is sent. A first pass only counts the bytes (the upstream gets an exact
/// Content-Length); the second writes them through a 64 KiB buffer. The JSON writers are synchronous, so the second
/// pass runs on a thread of its own, blocking on the socket as it goes; used only for bodies too large to buffer.
/// </summary>
internal sealed class StreamedJsonContent : HttpContent
{
    private const int ChunkBytes = 64 * 1024;

    private readonly Action<Utf8JsonWriter> _write;
    private readonly JsonWriterOptions _options;
    private readonly long _length;

    public StreamedJsonContent(Action<Utf8JsonWriter> write, JsonWriterOptions options, MediaTypeHeaderValue contentType)
    {
        _write = write;
        _options = options;
        _length = Memory.ExactJson.Count(options, write);
        Headers.ContentType = contentType;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => WriteTo(stream), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }

    /// <summary>An exception of the JSON writer itself (not of the connection) while the body was being sent.</summary>
    public Exception? WriterFault { get; private set; }

    private void WriteTo(Stream stream)
    {
        using var sink = new StreamSink(stream);
        try
        {
            using (var writer = new Utf8JsonWriter(sink, _options))
            {
                _write(writer);
            }

            sink.Drain();
            if (sink.Total != _length)
            {
                throw new InvalidOperationException("The two passes wrote different JSON.");
            }
        }
        catch (Exception ex) when (ex is not (IOException or OperationCanceledException or ObjectDisposedException or HttpRequestException))
        {
            WriterFault = ex;
            throw;
        }
    }

    /// <summary>An <see cref="IBufferWriter{T}"/> that writes each full chunk to the stream.</summary>
    private sealed class StreamSink(Stream stream) : IBufferWriter<byte>, IDisposable
    {
        private byte[] _buffer = Memory.PayloadBuffers.Rent<byte>(ChunkBytes);
        private int _filled;

        public long Total { get; private set; }

        public void Advance(int count)
        {
            _filled += count;
            Total += count;
            if (_filled >= ChunkBytes)
            {
                Drain();
            }
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => Room(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => Room(sizeHint).Span;

        public void Drain()
        {
            if (_filled > 0)
            {
                stream.Write(_buffer, 0, _filled);
                _filled = 0;
            }
        }

        public void Dispose() => Memory.PayloadBuffers.Return(_buffer);

        private Memory<byte> Room(int sizeHint)
        {
            var needed = Math.Max(sizeHint, 1);
            if (_buffer.Length - _filled < needed)
            {
                Drain();
                if (_buffer.Length < needed)
                {
                    // A large image's data URL asks for its whole length at once: not from the shared pool, which
                    // would keep the array after the request.
                    Memory.PayloadBuffers.Return(_buffer);
                    _buffer = Memory.PayloadBuffers.Rent<byte>(needed);
                }
            }

            return _buffer.AsMemory(_filled);
        }
    }
}
