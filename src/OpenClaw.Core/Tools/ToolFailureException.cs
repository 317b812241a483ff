namespace OpenClaw.Core.Tools;

/// <summary>A tool call that cannot be done; its message is the error result's text, its kind the result's.</summary>
internal sealed class ToolFailureException(string message, ToolErrorKind kind = ToolErrorKind.Failed) : Exception(message)
{
    public ToolErrorKind Kind { get; } = kind;
}
