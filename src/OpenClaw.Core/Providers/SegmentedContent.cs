using System.Net;
using System.Net.Http.Headers;
using OpenClaw.Core.Memory;

namespace OpenClaw.Core.Providers;

/// <summary>
/// A request body sent from a <see cref="SegmentedBuffer"/>, with its exact Content-Length. The segments go back to
/// the pool only once the body is no longer being sent and the content is disposed, whichever comes last: an
/// upstream may answer (and the request be disposed) while the body is still going out.
/// </summary>
internal sealed class SegmentedContent : HttpContent
{
    private readonly SegmentedBuffer _body;
    private readonly Lock _lock = new();
    private int _sending;
    private bool _disposed;

    public SegmentedContent(SegmentedBuffer body, MediaTypeHeaderValue contentType)
    {
        _body = body;
        Headers.ContentType = contentType;
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _sending++;
        }

        try
        {
            foreach (var segment in _body.Segments)
            {
                await stream.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            lock (_lock)
            {
                if (--_sending == 0 && _disposed)
                {
                    _body.Dispose();
                }
            }
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = _body.Length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_lock)
            {
                if (!_disposed)
                {
                    _disposed = true;
                    if (_sending == 0)
                    {
                        _body.Dispose();
                    }
                }
            }
        }

        base.Dispose(disposing);
    }
}
