namespace OpenClaw.Testing;

/// <summary>
/// The faults every fake upstream's script can ask for, played by <see cref="FakeExchange"/> whatever the wire
/// format. What a "chunk" is (an SSE delta frame, an NDJSON line) and the default error body are the format's.
/// </summary>
public abstract record FakeUpstreamScript : IFakeUpstreamScript
{
    /// <summary>Wait before sending headers; <see cref="Timeout.InfiniteTimeSpan"/> waits until the client goes away.</summary>
    public TimeSpan DelayBeforeHeaders { get; init; }

    /// <summary>Wait before every frame after the first.</summary>
    public TimeSpan DelayBetweenChunks { get; init; }

    /// <summary>Send this many delta chunks, then hang until the client goes away; 0 = headers flushed, empty body.</summary>
    public int? HangAfterChunks { get; init; }

    /// <summary>
    /// Like <see cref="HangAfterChunks"/>, but the connection is then closed mid-body: every sent byte reaches the
    /// client, whose next read fails. Takes precedence over <see cref="HangAfterChunks"/>.
    /// </summary>
    public int? DropAfterChunks { get; init; }

    /// <summary>Abort (reset) the connection before any byte of the response; the client gets an <c>HttpRequestException</c>.</summary>
    public bool DropBeforeHeaders { get; init; }

    /// <summary>For an error status: send the headers, then never send the body (until the client goes away).</summary>
    public bool StallErrorBody { get; init; }

    /// <summary>Sent verbatim (with <see cref="StatusCode"/>) instead of the generated body.</summary>
    public string? RawBody { get; init; }

    /// <summary>Content type for <see cref="RawBody"/>; null means the format's streaming type.</summary>
    public string? RawContentType { get; init; }

    /// <summary>Anything other than 200 sends an error response.</summary>
    public int StatusCode { get; init; } = 200;

    /// <summary>Error body; null means the format's own error shape naming the status.</summary>
    public string? ErrorBody { get; init; }

    /// <summary>Content type of the error body; null means <c>application/json</c>.</summary>
    public string? ErrorContentType { get; init; }

    /// <summary>Value of the <c>Retry-After</c> header, sent with any status when set.</summary>
    public string? RetryAfter { get; init; }

    /// <summary>Extra response headers (e.g. <c>x-request-id</c>).</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
}
