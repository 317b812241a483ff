namespace OpenClaw.Core.Runs;

/// <summary>
/// One event of a run (agent-runtime.md §1.2; wire shapes in gateway-protocol.md §5.1). <see cref="Seq"/> counts
/// per run from 1.
/// </summary>
public sealed record AgentEvent(
    string RunId,
    long Seq,
    long Ts,
    string SessionKey,
    string AgentId,
    string? SessionId,
    AgentEventData Data)
{
    /// <summary><c>lifecycle</c> or <c>assistant</c>.</summary>
    public string Stream => Data.Stream;
}

/// <summary>The payload of an <see cref="AgentEvent"/>.</summary>
public abstract record AgentEventData
{
    public abstract string Stream { get; }
}

public sealed record LifecycleStarted(long StartedAt) : AgentEventData
{
    public override string Stream => "lifecycle";
}

public sealed record LifecycleEnded(long StartedAt, long EndedAt, bool Aborted, string StopReason) : AgentEventData
{
    public override string Stream => "lifecycle";
}

public sealed record LifecycleFailed(long StartedAt, long EndedAt, string Error) : AgentEventData
{
    public override string Stream => "lifecycle";
}

/// <summary>A tool call starts (<c>tool</c> stream, phase <c>start</c>): its name, call id and arguments JSON.</summary>
public sealed record ToolStarted(string Name, string ToolCallId, string ArgumentsJson) : AgentEventData
{
    public override string Stream => "tool";
}

/// <summary>A tool call ended (phase <c>result</c>) with its result text.</summary>
public sealed record ToolFinished(string Name, string ToolCallId, bool IsError, string Result) : AgentEventData
{
    /// <summary>The session's verbose level during the run: only <c>full</c> shows results to WS clients.</summary>
    public string Verbose { get; init; } = "off";

    public override string Stream => "tool";
}

/// <summary>
/// Assistant text: <see cref="Delta"/> is the increment, <see cref="Text"/> the cumulative text of the current
/// assistant message. <see cref="MessageIndex"/> (0-based, per run) tells consecutive assistant messages apart.
/// </summary>
/// <remarks>
/// <see cref="Text"/> is built on first use from the chain of earlier deltas, so a run whose consumers never read
/// it (the HTTP stream) does not copy its growing text once per delta.
/// </remarks>
public sealed record AssistantDelta(string Delta, int MessageIndex, AssistantDelta? Previous = null) : AgentEventData
{
    private string? _text;

    public override string Stream => "assistant";

    public string Text => _text ??= BuildText();

    /// <summary>Walks back to the nearest event whose text is known (iteratively: replies can have many deltas).</summary>
    private string BuildText()
    {
        var pending = new Stack<string>();
        var node = this;
        while (node is not null && node._text is null)
        {
            pending.Push(node.Delta);
            node = node.Previous;
        }

        var text = new System.Text.StringBuilder(node?._text ?? "");
        while (pending.Count > 0)
        {
            text.Append(pending.Pop());
        }

        return text.ToString();
    }

    public bool Equals(AssistantDelta? other) =>
        other is not null && Delta == other.Delta && MessageIndex == other.MessageIndex && Text == other.Text;

    public override int GetHashCode() => HashCode.Combine(Delta, MessageIndex);

    protected override bool PrintMembers(System.Text.StringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Append("Text = ").Append(Text).Append(", Delta = ").Append(Delta).Append(", MessageIndex = ").Append(MessageIndex);
        return true;
    }
}

/// <summary>
/// Reasoning text the model streamed before or between its answer (<c>reasoning_content</c>, Anthropic thinking,
/// Ollama <c>thinking</c>). It goes only to the run's own requester (<see cref="AgentRunRequest.Events"/>), never to
/// the bus: it is not one of the WS protocol's event streams. Its <see cref="AgentEvent.Seq"/> is 0.
/// </summary>
public sealed record ReasoningDelta(string Delta, int MessageIndex) : AgentEventData
{
    public override string Stream => "reasoning";
}

/// <summary>Receives events; implementations must not block (the run calls them inline).</summary>
public interface IAgentEventSink
{
    void OnEvent(AgentEvent agentEvent);
}
