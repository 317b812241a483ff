using System.Text.Json;

namespace OpenClaw.Core.Tools;

/// <summary>A built-in tool the agent runs itself (agent-runtime.md §5.7).</summary>
public interface IAgentTool
{
    string Name { get; }

    string Description { get; }

    /// <summary>The JSON Schema of the arguments object, as offered to the model.</summary>
    JsonElement ParametersSchema { get; }

    /// <summary>Runs the tool. Tool-level failures are error results; only the caller's cancellation throws.</summary>
    Task<ToolResult> ExecuteAsync(JsonElement arguments, ToolContext context, CancellationToken cancellationToken);
}

/// <summary>Where and for whom a tool runs.</summary>
public sealed record ToolContext(string WorkspaceDir, string AgentId, string SessionKey, string RunId, bool ModelAcceptsImages)
{
    /// <summary>The tool call's id (the model's call id, or <c>http-direct-operator-…</c> for <c>POST /tools/invoke</c>).</summary>
    public string? ToolCallId { get; init; }

    /// <summary>Where a direct invocation says it comes from (the <c>x-openclaw-*</c> context headers); unused by the built-ins.</summary>
    public ToolCallOrigin? Origin { get; init; }
}

/// <summary>The message context a direct tool invocation carries (http-api.md §8.1 headers), each value trimmed or null.</summary>
public sealed record ToolCallOrigin(string? MessageChannel, string? AccountId, string? MessageTo, string? ThreadId, bool SenderIsOwner);

/// <summary>
/// A tool's answer to the model: text, an error flag, and images for models that accept them. The model sees only
/// those; <see cref="ErrorKind"/> says why an error result failed, for callers that map it (<c>POST /tools/invoke</c>).
/// </summary>
public sealed record ToolResult(string Text, bool IsError = false)
{
    public IReadOnlyList<ToolImage> Images { get; init; } = [];

    /// <summary>Why the call failed; meaningful only when <see cref="IsError"/> is true.</summary>
    public ToolErrorKind ErrorKind { get; init; }
}

/// <summary>Why a tool call failed (http-api.md §8.5 maps these to 500, 400 and 403).</summary>
public enum ToolErrorKind
{
    /// <summary>The tool ran and failed: file not found, I/O error, timeout, a non-zero outcome.</summary>
    Failed,

    /// <summary>The arguments do not fit the tool's parameters (missing, mistyped, an option the tool rejects).</summary>
    InvalidArguments,

    /// <summary>A path resolves outside the agent's workspace (<c>OpenClaw:Tools:FsWorkspaceOnly</c>).</summary>
    OutsideWorkspace,
}

/// <summary>An image a tool returns (base64 as it will be sent).</summary>
public sealed record ToolImage(string MimeType, string Base64Data);
