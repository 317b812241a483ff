namespace OpenClaw.Testing;

/// <summary>Token counts reported by the fake; the optional details are emitted only when set.</summary>
/// <param name="PromptTokens">Reported as <c>prompt_tokens</c>.</param>
/// <param name="CompletionTokens">Reported as <c>completion_tokens</c>.</param>
/// <param name="CachedPromptTokens">Reported as <c>prompt_tokens_details.cached_tokens</c>.</param>
/// <param name="ReasoningTokens">Reported as <c>completion_tokens_details.reasoning_tokens</c>.</param>
public sealed record FakeUsage(
    int PromptTokens,
    int CompletionTokens,
    int? CachedPromptTokens = null,
    int? ReasoningTokens = null)
{
    public int TotalTokens => PromptTokens + CompletionTokens;
}

/// <summary>A function tool call the fake asks the client to make.</summary>
/// <param name="Id">The call id (e.g. <c>call_1</c>).</param>
/// <param name="Name">The function name.</param>
/// <param name="ArgumentsJson">The arguments as the JSON text the model would produce.</param>
public sealed record FakeToolCall(string Id, string Name, string ArgumentsJson)
{
    /// <summary>
    /// Streamed arguments are split into pieces of at most this many characters, so clients
    /// must reassemble them the way they must for a real model.
    /// </summary>
    public int ArgumentPieceLength { get; init; } = 8;
}

/// <summary>
/// One scripted answer to <c>POST /v1/chat/completions</c>. A default instance is the echo
/// reply; every property changes one aspect of it. A chunk is a content or tool-call delta frame (the role preamble
/// rides with the first); for a non-streaming request a hang or drop after chunks sends half of the JSON body first.
/// A raw body without a content type is SSE for streaming requests, JSON otherwise; the default error body is
/// OpenAI's <c>{"error":{...}}</c>.
/// </summary>
public sealed record FakeUpstreamResponse : FakeUpstreamScript
{
    /// <summary>Content deltas; null means the echo of the last user message, split into words.</summary>
    public IReadOnlyList<string>? Chunks { get; init; }

    /// <summary>The finish reason; null means <c>tool_calls</c> when <see cref="ToolCalls"/> is non-empty, else <c>stop</c>.</summary>
    public string? FinishReason { get; init; }

    /// <summary>Reported usage; null means characters / 4 (rounded up) of the prompt and of the reply.</summary>
    public FakeUsage? Usage { get; init; }

    /// <summary>Tool calls sent after the content deltas.</summary>
    public IReadOnlyList<FakeToolCall> ToolCalls { get; init; } = [];

    /// <summary>End the SSE stream cleanly after the deltas, with no finish chunk, usage chunk or <c>[DONE]</c>.</summary>
    public bool OmitDone { get; init; }

    /// <summary>Send the finish and usage chunks, then hang (no <c>[DONE]</c>) until the client goes away.</summary>
    public bool HangBeforeDone { get; init; }

    /// <summary>The echo reply, unchanged.</summary>
    public static FakeUpstreamResponse Echo() => new();

    /// <summary>A reply made of exactly these content deltas.</summary>
    public static FakeUpstreamResponse Text(params string[] chunks) => new() { Chunks = chunks };

    /// <summary>An error status with an optional body and <c>Retry-After</c>.</summary>
    public static FakeUpstreamResponse Error(int status, string? body = null, string? retryAfter = null) =>
        new() { StatusCode = status, ErrorBody = body, RetryAfter = retryAfter };

    /// <summary>Never sends headers; the exchange ends only when the client gives up.</summary>
    public static FakeUpstreamResponse HangBeforeHeaders() => new() { DelayBeforeHeaders = Timeout.InfiniteTimeSpan };

    /// <summary>Streams these deltas, then hangs until the client gives up.</summary>
    public static FakeUpstreamResponse HangAfter(params string[] chunks) =>
        new() { Chunks = chunks, HangAfterChunks = chunks.Length };

    /// <summary>Aborts the connection without any response.</summary>
    public static FakeUpstreamResponse Drop() => new() { DropBeforeHeaders = true };

    /// <summary>Streams these deltas, then closes the connection mid-body (see <see cref="FakeUpstreamScript.DropAfterChunks"/>).</summary>
    public static FakeUpstreamResponse DropAfter(params string[] chunks) =>
        new() { Chunks = chunks, DropAfterChunks = chunks.Length };

    /// <summary>Sends this text verbatim as the body.</summary>
    public static FakeUpstreamResponse Raw(string body, string? contentType = null) =>
        new() { RawBody = body, RawContentType = contentType };

    /// <summary>A reply that only calls tools (no content), finishing with <c>tool_calls</c>.</summary>
    public static FakeUpstreamResponse ToolCall(params FakeToolCall[] calls) =>
        new() { Chunks = [], ToolCalls = calls };

    /// <summary>A reply that calls one tool.</summary>
    public static FakeUpstreamResponse ToolCall(string id, string name, string argumentsJson) =>
        ToolCall(new FakeToolCall(id, name, argumentsJson));

    internal static FakeUpstreamResponse ModelList(string modelId) => Raw(OpenAiWireFormat.Models(modelId), "application/json");

    internal static FakeUpstreamResponse NotFound(string method, string path) => Error(
        404, OpenAiWireFormat.Error($"fake upstream: no route for {method} {path}", "invalid_request_error", "not_found"));

    // Surfacing a test's own responder bug as a 500 keeps it visible in the gateway's error path.
    internal static FakeUpstreamResponse ResponderFailed(Exception ex) => Error(
        500, OpenAiWireFormat.Error($"fake upstream responder threw: {ex.Message}", "server_error", code: null));
}
