using Microsoft.Extensions.AI;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Models;
using OpenClaw.Core.Prompt;
using OpenClaw.Core.Runs.Invocation;
using OpenClaw.Core.Sessions;
using OpenClaw.Core.Tools;

namespace OpenClaw.Core.Runs;

/// <summary>
/// One run as it goes through the pipeline's steps (owned by a single task): what the entry resolved, then what each
/// step adds for the next (the loaded session, the model, the prompt, the turn's outcome).
/// </summary>
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

    /// <summary>The <see cref="System.Diagnostics.Stopwatch"/> timestamp of the run's arrival (its result's duration).</summary>
    public long StopwatchStarted { get; init; }

    /// <summary>Cancels the run (its model call, its tools) from within, as an abort would.</summary>
    public CancellationTokenSource? Cancellation { get; init; }

    /// <summary>The session row being written by this turn (set when the turn starts).</summary>
    public SessionEntry? Session { get; set; }

    /// <summary>When the turn began (the load-session step's clock reading; prompts and entries use it).</summary>
    public DateTimeOffset Now { get; set; }

    /// <summary>The session row as stored before this turn, if any.</summary>
    public SessionEntry? Existing { get; set; }

    /// <summary>The stored session continues (not new, not stale, not reset): its transcript is replayed.</summary>
    public bool Fresh { get; set; }

    /// <summary>The session kind of <see cref="SessionKey"/> (main, direct, group, thread…).</summary>
    public string Kind { get; set; } = "";

    /// <summary>A reset trigger (<c>/new</c>, <c>/reset</c>) that opened the message, if the request honours them.</summary>
    public ResetTrigger? Reset { get; set; }

    /// <summary>The transcript this turn is appended to.</summary>
    public string SessionId { get; set; } = "";

    /// <summary>The transcript so far (empty for a new or reset session).</summary>
    public IReadOnlyList<TranscriptEntry> History { get; set; } = [];

    public string WorkspaceDir { get; set; } = "";

    /// <summary>The model the turn starts with; a fallback may answer instead (<see cref="AnsweredBy"/>).</summary>
    public ResolvedModel? Model { get; set; }

    /// <summary>The agent's built-in tools for this turn.</summary>
    public IReadOnlyList<IAgentTool> BuiltIns { get; set; } = [];

    /// <summary>The prompt sent to the model; the tool loop appends to it.</summary>
    public List<ChatMessage> Messages { get; } = [];

    /// <summary>The user's turn as persisted (the envelope and the message).</summary>
    public PromptText? UserText { get; set; }

    /// <summary>The <c>seq</c> of the turn's user entry, which the turn's end write expects the transcript to end at.</summary>
    public long TurnStartSeq { get; set; }

    /// <summary>
    /// The turn's start write (the user's entry and the session row). It is queued before the model call and commits
    /// while the call is under way; what outlives the call waits for it: the built-in tools and the turn's end.
    /// </summary>
    public Task TurnStarted { get; set; } = Task.CompletedTask;

    /// <summary>How the turn's last model call ended, and the model that gave it (set by the tool loop).</summary>
    public ModelCallOutcome? Outcome { get; set; }

    public ResolvedModel? AnsweredBy { get; set; }

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

    /// <summary>Mints the next entry of this run's transcript: its seq and id, chained to the entry before it.</summary>
    public TranscriptEntry AppendEntry(Func<long, string, TranscriptEntry> create)
    {
        var entry = create(NextEntrySeq++, EntryIds.Next());
        LastEntryId = entry.EntryId;
        return entry;
    }

    /// <summary>The result of a run that ends with <paramref name="error"/> before a turn was answered.</summary>
    public AgentRunResult Failed(RunError error) => AgentRunResult.Failure(Request.RunId, AgentId, SessionKey, error);
}
