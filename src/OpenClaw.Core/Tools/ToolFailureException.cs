namespace OpenClaw.Core.Tools;

/// <summary>A tool call that cannot be done; its message is the error result's text.</summary>
internal sealed class ToolFailureException(string message) : Exception(message);
