using System.Text.Json;

namespace OpenClaw.Core.Runs;

/// <summary>One agent turn requested by any entry point (agent-runtime.md §1).</summary>
public sealed record AgentRunRequest
{
    public required string RunId { get; init; }

    /// <summary>Explicit agent; else the agent of an agent-scoped <see cref="SessionKey"/>; else the default agent.</summary>
    public string? AgentId { get; init; }

    public string? SessionKey { get; init; }

    /// <summary>True when the caller just minted <see cref="SessionKey"/> (a per-call UUID key): no lookup is needed.</summary>
    public bool NewSessionKey { get; init; }

    /// <summary>
    /// The user text of this turn. A string converts implicitly; the HTTP endpoints pass UTF-8 pieces of the request
    /// body, which must then stay unchanged until the run has returned.
    /// </summary>
    public required Prompt.PromptText Message { get; init; }

    /// <summary>
    /// Images of this turn, in order. Sent only to a model whose <c>input</c> has <c>image</c> (text-only models drop
    /// them) and never persisted: the transcript keeps the text alone.
    /// </summary>
    public IReadOnlyList<RunImage> Images { get; init; } = [];

    /// <summary>Appended to the system prompt under <c>## Conversation Context</c>; never persisted.</summary>
    public string? ExtraSystemPrompt { get; init; }

    /// <summary>Run-scoped model (<c>provider/model</c> or alias).</summary>
    public string? ModelOverride { get; init; }

    /// <summary>
    /// Function tools the caller executes itself (HTTP <c>tools</c>, after <c>tool_choice</c> filtering): offered to the
    /// model next to the built-ins; a call to one ends the run with <c>toolUse</c> and the call pending.
    /// </summary>
    public IReadOnlyList<ClientTool> ClientTools { get; init; } = [];

    /// <summary>
    /// True for chat-style entry points (WebSocket <c>chat.send</c>): a message that is a reset trigger (<c>/new</c>,
    /// <c>/reset</c>) starts a new session first (agent-runtime.md §6.3).
    /// </summary>
    public bool HonourResetTriggers { get; init; }

    /// <summary>Thinking level for this run (<c>off</c> … <c>xhigh</c>); null uses the session's, then the agent default.</summary>
    public string? Thinking { get; init; }

    /// <summary>Verbose level for this run (<c>on</c>, <c>full</c>, <c>off</c>); persisted on the session like <see cref="Thinking"/>.</summary>
    public string? Verbose { get; init; }

    /// <summary>A label to store on the session (WS <c>agent</c> <c>label</c>).</summary>
    public string? Label { get; init; }

    public StreamParams StreamParams { get; init; } = new();

    /// <summary><c>webchat</c> for HTTP and WS chat, <c>cli</c> for the CLI.</summary>
    public string MessageChannel { get; init; } = "webchat";

    public bool SenderIsOwner { get; init; }

    public int? TimeoutSeconds { get; init; }

    /// <summary>Receives this run's events as they happen (in addition to the global bus).</summary>
    public IAgentEventSink? Events { get; init; }
}

/// <summary>One image of a run: its sniffed MIME type (e.g. <c>image/png</c>) and the decoded bytes.</summary>
public sealed record RunImage(string MimeType, ReadOnlyMemory<byte> Data);

/// <summary>Sampling parameters forwarded to every model call of the run (http-api.md §4.9).</summary>
public sealed record StreamParams
{
    public int? MaxTokens { get; init; }

    public double? Temperature { get; init; }

    public double? TopP { get; init; }

    public double? FrequencyPenalty { get; init; }

    public double? PresencePenalty { get; init; }

    public long? Seed { get; init; }

    public IReadOnlyList<string>? Stop { get; init; }

    /// <summary>The caller's <c>response_format</c> object, passed through.</summary>
    public JsonElement? ResponseFormat { get; init; }
}

/// <summary>A caller-side function tool: name, description and the JSON Schema of its arguments.</summary>
public sealed record ClientTool(string Name, string? Description, JsonElement Parameters)
{
    /// <summary>The caller's <c>strict</c> flag, passed on to providers that know it (OpenAI-compatible); null when not sent.</summary>
    public bool? Strict { get; init; }
}
