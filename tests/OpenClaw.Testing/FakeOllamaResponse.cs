namespace OpenClaw.Testing;

/// <summary>A tool call as Ollama streams it: whole, with no id, its arguments a JSON object.</summary>
/// <param name="Name">The function name.</param>
/// <param name="ArgumentsJson">The arguments object as JSON text; written into the line as is.</param>
public sealed record FakeOllamaToolCall(string Name, string ArgumentsJson);

/// <summary>
/// One scripted answer to <c>POST /api/chat</c> of <see cref="FakeOllamaUpstream"/>, always streamed as NDJSON.
/// A default instance is the echo reply; every property changes one aspect of it. A "chunk" is one thinking, content
/// or tool-call line; the default error body is Ollama's <c>{"error":"fake upstream status N"}</c>.
/// </summary>
public sealed record FakeOllamaResponse : FakeUpstreamScript
{
    /// <summary>Content lines; null means the echo of the last user message, split into words.</summary>
    public IReadOnlyList<string>? Content { get; init; }

    /// <summary>Thinking lines (<c>message.thinking</c>), sent before the content.</summary>
    public IReadOnlyList<string> Thinking { get; init; } = [];

    /// <summary>Tool calls, sent together in one line after the content.</summary>
    public IReadOnlyList<FakeOllamaToolCall> ToolCalls { get; init; } = [];

    /// <summary>The final line's <c>done_reason</c>; null means <c>stop</c>.</summary>
    public string? DoneReason { get; init; }

    /// <summary>Reported as <c>prompt_eval_count</c>/<c>eval_count</c>; null means characters / 4 of the prompt and of the reply.</summary>
    public FakeUsage? Usage { get; init; }

    /// <summary>Sent verbatim as the last line instead of the <c>done:true</c> line (an in-stream error, a malformed line).</summary>
    public string? FinalLine { get; init; }

    /// <summary>End the stream cleanly after the other lines, without the <c>done:true</c> line.</summary>
    public bool OmitDone { get; init; }

    /// <summary>The echo reply, unchanged.</summary>
    public static FakeOllamaResponse Echo() => new();

    /// <summary>A reply made of exactly these content lines.</summary>
    public static FakeOllamaResponse Text(params string[] content) => new() { Content = content };

    /// <summary>An error status with an optional body (default <c>{"error":"fake upstream status N"}</c>) and <c>Retry-After</c>.</summary>
    public static FakeOllamaResponse Error(int status, string? body = null, string? retryAfter = null) =>
        new() { StatusCode = status, ErrorBody = body, RetryAfter = retryAfter };

    /// <summary>Never sends headers; the exchange ends only when the client gives up.</summary>
    public static FakeOllamaResponse HangBeforeHeaders() => new() { DelayBeforeHeaders = Timeout.InfiniteTimeSpan };

    /// <summary>Streams these content lines, then hangs until the client gives up.</summary>
    public static FakeOllamaResponse HangAfter(params string[] content) => new() { Content = content, HangAfterChunks = content.Length };

    /// <summary>Aborts (resets) the connection without any response.</summary>
    public static FakeOllamaResponse Drop() => new() { DropBeforeHeaders = true };

    /// <summary>Streams these content lines, then closes the connection mid-body.</summary>
    public static FakeOllamaResponse DropAfter(params string[] content) => new() { Content = content, DropAfterChunks = content.Length };

    /// <summary>Streams these content lines, then an in-stream <c>{"error":"…"}</c> line and no done line.</summary>
    public static FakeOllamaResponse StreamError(string message, params string[] content) =>
        new() { Content = content, FinalLine = OllamaWireFormat.Error(message) };

    /// <summary>Streams these content lines, then a line that is not JSON.</summary>
    public static FakeOllamaResponse MalformedLine(params string[] content) =>
        new() { Content = content, FinalLine = """{"model":"fake-model","message":{"role":"assistant","cont""" };

    /// <summary>A reply that only calls tools, finishing with <c>done_reason</c> stop, as Ollama does.</summary>
    public static FakeOllamaResponse ToolCall(params FakeOllamaToolCall[] calls) => new() { Content = [], ToolCalls = calls };

    /// <summary>Sends this text verbatim as the body, as NDJSON unless told otherwise.</summary>
    public static FakeOllamaResponse Raw(string body, string? contentType = null) =>
        new() { RawBody = body, RawContentType = contentType ?? OllamaWireFormat.ContentType };
}
