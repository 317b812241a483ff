namespace OpenClaw.Testing;

/// <summary>
/// What every fake upstream's script can do to the HTTP exchange, whatever the wire format: delay or cut it before
/// the headers, answer an error status or a verbatim body, stall or cut the stream after some chunks, leave out the
/// finish. The wire-specific derived scripts (<see cref="FakeUpstreamResponse"/>, <see cref="FakeOllamaResponse"/>)
/// add the content.
/// </summary>
public abstract record FakeUpstreamScript
{
    /// <summary>Wait before sending headers; <see cref="Timeout.InfiniteTimeSpan"/> waits until the client goes away.</summary>
    public TimeSpan DelayBeforeHeaders { get; init; }

    /// <summary>Wait before every streamed frame (an SSE event, an NDJSON line) after the first.</summary>
    public TimeSpan DelayBetweenChunks { get; init; }

    /// <summary>
    /// Send this many delta chunks (content or tool-call frames; a preamble, where the format has one, rides with
    /// the first), then hang until the client goes away. 0 = headers flushed, empty body. For a non-streaming
    /// request any value above 0 sends half of the JSON body first.
    /// </summary>
    public int? HangAfterChunks { get; init; }

    /// <summary>
    /// Like <see cref="HangAfterChunks"/>, but the connection is then closed mid-body (no finish, no chunked
    /// terminator): every sent byte reaches the client, whose next read fails with <c>HttpIOException</c>
    /// (<c>ResponseEnded</c>). Takes precedence over <see cref="HangAfterChunks"/>.
    /// </summary>
    public int? DropAfterChunks { get; init; }

    /// <summary>Abort (reset) the connection before any byte of the response; the client gets an <c>HttpRequestException</c>.</summary>
    public bool DropBeforeHeaders { get; init; }

    /// <summary>End the stream cleanly after the deltas, with none of the frames that finish it.</summary>
    public bool OmitDone { get; init; }

    /// <summary>For an error status: send the headers, then never send the body (until the client goes away).</summary>
    public bool StallErrorBody { get; init; }

    /// <summary>Sent verbatim (with <see cref="StatusCode"/>) instead of the generated body.</summary>
    public string? RawBody { get; init; }

    /// <summary>Content type for <see cref="RawBody"/>; null means the fake's default (OpenAI: SSE for a streaming request, else JSON; Ollama: NDJSON).</summary>
    public string? RawContentType { get; init; }

    /// <summary>Anything other than 200 sends an error response.</summary>
    public int StatusCode { get; init; } = 200;

    /// <summary>Error body; null means the fake's own error shape naming the status.</summary>
    public string? ErrorBody { get; init; }

    /// <summary>Content type of the error body; null means <c>application/json</c>.</summary>
    public string? ErrorContentType { get; init; }

    /// <summary>Value of the <c>Retry-After</c> header, sent with any status when set.</summary>
    public string? RetryAfter { get; init; }

    /// <summary>Extra response headers (e.g. <c>x-request-id</c>).</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
}
