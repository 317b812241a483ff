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
/// API streams it. A default instance is the echo reply; every property changes one aspect of it. A chunk is a text,
/// thinking or input-JSON delta (a hang sends the events up to and including it); a raw body is SSE unless told
/// otherwise; the default error body is Anthropic's <c>{"type":"error","error":{...}}</c>.
/// </summary>
public sealed record FakeAnthropicResponse : FakeUpstreamScript
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
