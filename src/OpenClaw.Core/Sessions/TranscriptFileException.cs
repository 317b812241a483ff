namespace OpenClaw.Core.Sessions;

/// <summary>A transcript file that cannot be imported; <see cref="LineNumber"/> is 1-based.</summary>
public sealed class TranscriptFileException(int lineNumber, string problem) : Exception($"line {lineNumber}: {problem}")
{
    public int LineNumber { get; } = lineNumber;
}
