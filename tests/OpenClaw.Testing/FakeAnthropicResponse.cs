namespace OpenClaw.Testing;

/// <summary>Anthropic usage as <c>message_start</c> reports it: input excludes the cache reads and writes.</summary>
/// <param name="InputTokens">Reported as <c>input_tokens</c>.</param>
/// <param name="OutputTokens">Reported as <c>output_tokens</c> by <c>message_delta</c>.</param>
/// <param name="CacheReadInputTokens">Reported as <c>cache_read_input_tokens</c>.</param>
/// <param name="CacheCreationInputTokens">Reported as <c>cache_creation_input_tokens</c>.</param>
public sealed record FakeAnthropicUsage(int InputTokens, int OutputTokens, int CacheReadInputTokens = 0, int CacheCreationInputTokens = 0);

/// <summary>An <c>error</c> event sent in the middle of a 200 stream.</summary>
/// <param name="Type">The error type, e.g. <c>overloaded_error</c>.</param>
/// <param name="Message">The error message.</param>
public sealed record FakeStreamError(string Type, string Message);

/// <summary>
/// One scripted answer to <c>POST /v1/messages</c> of <see cref="FakeAnthropicUpstream"/>, always streamed as the
/// API streams it. A default instance is the echo reply; every property changes one aspect of it.
/// </summary>
public sealed record FakeAnthropicResponse : IFakeUpstreamScript
{
    /// <summary>Text deltas; null means the echo of the last user message, split into words.</summary>
    public IReadOnlyList<string>? Chunks { get; init; }

    /// <summary>Thinking deltas, in a thinking block before the text.</summary>
    public IReadOnlyList<string> Thinking { get; init; } = [];

    /// <summary>Tool calls, as tool_use blocks after the text; their input arrives in <c>input_json_delta</c> pieces.</summary>
    public IReadOnlyList<FakeToolCall> ToolCalls { get; init; } = [];

    /// <summary>The stop reason; null means <c>tool_use</c> when there are tool calls, else <c>end_turn</c>.</summary>
    public string? StopReason { get; init; }

    /// <summary>Reported usage; null means characters / 4 (rounded up) of the prompt and of the reply, no cache.</summary>
    public FakeAnthropicUsage? Usage { get; init; }

    /// <summary>After the deltas, send this <c>error</c> event and end the stream.</summary>
    public FakeStreamError? StreamError { get; init; }

    /// <summary>End the stream cleanly after <c>message_delta</c>, without <c>message_stop</c>.</summary>
    public bool OmitMessageStop { get; init; }

    /// <inheritdoc cref="FakeUpstreamResponse.DelayBeforeHeaders"/>
    public TimeSpan DelayBeforeHeaders { get; init; }

    /// <inheritdoc cref="FakeUpstreamResponse.DelayBetweenChunks"/>
    public TimeSpan DelayBetweenChunks { get; init; }

    /// <summary>Send the events up to and including the n-th delta (text, thinking or input JSON), then hang; 0 = headers only.</summary>
    public int? HangAfterChunks { get; init; }

    /// <summary>Like <see cref="HangAfterChunks"/>, then close the connection mid-body.</summary>
    public int? DropAfterChunks { get; init; }

    /// <inheritdoc cref="FakeUpstreamResponse.DropBeforeHeaders"/>
    public bool DropBeforeHeaders { get; init; }

    /// <inheritdoc cref="FakeUpstreamResponse.StallErrorBody"/>
    public bool StallErrorBody { get; init; }

    /// <summary>Sent verbatim (with <see cref="StatusCode"/>) instead of the generated body.</summary>
    public string? RawBody { get; init; }

    /// <summary>Content type for <see cref="RawBody"/>; null means SSE.</summary>
    public string? RawContentType { get; init; }

    /// <summary>Anything other than 200 sends an error response.</summary>
    public int StatusCode { get; init; } = 200;

    /// <summary>Error body; null means an Anthropic-shaped <c>{"type":"error","error":{...}}</c> naming the status.</summary>
    public string? ErrorBody { get; init; }

    /// <inheritdoc cref="FakeUpstreamResponse.ErrorContentType"/>
    public string? ErrorContentType { get; init; }

    /// <inheritdoc cref="FakeUpstreamResponse.RetryAfter"/>
    public string? RetryAfter { get; init; }

    /// <inheritdoc cref="FakeUpstreamResponse.Headers"/>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public static FakeAnthropicResponse Echo() => new();

    public static FakeAnthropicResponse Text(params string[] chunks) => new() { Chunks = chunks };

    public static FakeAnthropicResponse Error(int status, string? body = null, string? retryAfter = null) =>
        new() { StatusCode = status, ErrorBody = body, RetryAfter = retryAfter };

    public static FakeAnthropicResponse HangBeforeHeaders() => new() { DelayBeforeHeaders = Timeout.InfiniteTimeSpan };

    public static FakeAnthropicResponse HangAfter(params string[] chunks) => new() { Chunks = chunks, HangAfterChunks = chunks.Length };

    public static FakeAnthropicResponse Drop() => new() { DropBeforeHeaders = true };

    public static FakeAnthropicResponse DropAfter(params string[] chunks) => new() { Chunks = chunks, DropAfterChunks = chunks.Length };

    public static FakeAnthropicResponse Raw(string body, string? contentType = null) => new() { RawBody = body, RawContentType = contentType };

    public static FakeAnthropicResponse ToolCall(params FakeToolCall[] calls) => new() { Chunks = [], ToolCalls = calls };

    /// <summary>Streams these deltas, then an <c>error</c> event of <paramref name="type"/>.</summary>
    public static FakeAnthropicResponse InStreamError(string type, string message, params string[] chunks) =>
        new() { Chunks = chunks, StreamError = new FakeStreamError(type, message) };
}
