using System.Net;

namespace OpenClaw.Core.Providers;

/// <summary>
/// A server-sent-events response body read through <see cref="UpstreamBodyStream"/>: events are size-bounded, and
/// each read that brings data is reported, so a deadline that waits for stream events can count what a client
/// library consumes without showing it (Anthropic's <c>ping</c> keep-alives).
/// </summary>
internal sealed class ReadActivityContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly Action? _onActivity;

    public ReadActivityContent(HttpContent inner, Action? onActivity)
    {
        _inner = inner;
        _onActivity = onActivity;
        foreach (var (name, values) in inner.Headers)
        {
            Headers.TryAddWithoutValidation(name, values);
        }
    }

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        new UpstreamBodyStream(await _inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), _onActivity);

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => _inner.CopyToAsync(stream, context);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
