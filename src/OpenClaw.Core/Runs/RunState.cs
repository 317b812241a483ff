using OpenClaw.Core.Configuration;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Core.Runs;

/// <summary>The mutable state of one run while it executes (owned by a single task).</summary>
internal sealed class RunState(
    AgentRunRequest request,
    ConfigSnapshot snapshot,
    string agentId,
    string sessionKey,
    long startedAt,
    CancellationToken timeout,
    int timeoutSeconds,
    Telemetry.RunTiming timing)
{
    private long _seq;

    public AgentRunRequest Request { get; } = request;

    public ConfigSnapshot Snapshot { get; } = snapshot;

    public string AgentId { get; } = agentId;

    public string SessionKey { get; } = sessionKey;

    public long StartedAt { get; } = startedAt;

    public CancellationToken Timeout { get; } = timeout;

    public int TimeoutSeconds { get; } = timeoutSeconds;

    public SessionEntry? Session { get; set; }

    /// <summary>Where the run's time goes (lane wait, provider, tools), for the run metrics.</summary>
    public Telemetry.RunTiming Timing { get; } = timing;

    /// <summary>What the system prompt was built from; a fallback model rebuilds it with its own identity.</summary>
    public Prompt.SystemPromptContext? SystemPrompt { get; set; }

    /// <summary>The thinking level in effect: the run's, else the session's, else the agent default.</summary>
    public string Thinking { get; set; } = "off";

    /// <summary>The verbose level in effect: the run's, else the session's, else the agent default.</summary>
    public string Verbose { get; set; } = "off";

    public long NextEntrySeq { get; set; } = 1;

    public string? LastEntryId { get; set; }

    /// <summary>Mints the ids of the entries this run appends, unique within its transcript.</summary>
    public TranscriptIds EntryIds { get; set; } = new([]);

    public List<string> Payloads { get; } = [];

    /// <summary>Transcript entries of the tool loop (assistant calls, tool results), written with the turn's end.</summary>
    public List<TranscriptEntry> LoopEntries { get; } = [];

    /// <summary>The tools offered to the model: the agent's built-ins, then the caller's client tools.</summary>
    public IList<Microsoft.Extensions.AI.AITool>? OfferedTools { get; set; }

    public List<PendingToolCall> PendingToolCalls { get; } = [];

    public RunUsage Usage { get; set; } = RunUsage.Zero;

    public RunUsage? LastCallUsage { get; set; }

    public int AssistantMessages { get; set; }

    /// <summary>Time spent on failed model calls and the pauses before their retries (the retry policy's budget).</summary>
    public TimeSpan FailedCallTime { get; set; }

    /// <summary>Set once the run's <c>end</c> or <c>error</c> lifecycle event went out.</summary>
    public bool TerminalPublished { get; set; }

    public long NextEventSeq() => ++_seq;
}
