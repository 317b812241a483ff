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
public sealed record ToolContext(string WorkspaceDir, string AgentId, string SessionKey, string RunId, bool ModelAcceptsImages);

/// <summary>A tool's answer to the model: text, an error flag, and images for models that accept them.</summary>
public sealed record ToolResult(string Text, bool IsError = false)
{
    public IReadOnlyList<ToolImage> Images { get; init; } = [];
}

/// <summary>An image a tool returns (base64 as it will be sent).</summary>
public sealed record ToolImage(string MimeType, string Base64Data);
