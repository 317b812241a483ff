namespace OpenClaw.Core.Runs;

/// <summary>What a finished run produced (agent-runtime.md §1).</summary>
public sealed record AgentRunResult
{
    public required string RunId { get; init; }

    public required string AgentId { get; init; }

    public required string SessionKey { get; init; }

    public string? SessionId { get; init; }

    /// <summary>Visible text of each assistant message, in order (silent <c>NO_REPLY</c> replies excluded).</summary>
    public IReadOnlyList<string> Payloads { get; init; } = [];

    /// <summary><c>stop</c>, <c>length</c>, <c>toolUse</c>, <c>error</c> or <c>aborted</c>.</summary>
    public string StopReason { get; init; } = "stop";

    public bool Aborted { get; init; }

    public long DurationMs { get; init; }

    public string? Provider { get; init; }

    public string? Model { get; init; }

    /// <summary>Summed over every model call of the run.</summary>
    public RunUsage Usage { get; init; } = RunUsage.Zero;

    public RunUsage? LastCallUsage { get; init; }

    /// <summary>Calls of client tools the run ended on (<see cref="StopReason"/> <c>toolUse</c>), in the model's order.</summary>
    public IReadOnlyList<PendingToolCall> PendingToolCalls { get; init; } = [];

    /// <summary>Set when the run failed.</summary>
    public RunError? Error { get; init; }

    /// <summary>A run that ended with <paramref name="error"/> before a turn was answered.</summary>
    internal static AgentRunResult Failure(string runId, string agentId, string sessionKey, RunError error) => new()
    {
        RunId = runId,
        AgentId = agentId,
        SessionKey = sessionKey,
        StopReason = "error",
        Error = error,
    };
}

/// <summary>A client tool call the caller must execute: the provider's call id (or a minted one) and raw arguments.</summary>
public sealed record PendingToolCall(string Id, string Name, string ArgumentsJson);

/// <summary>Token counts in OpenClaw's shape: <see cref="Input"/> excludes cache reads.</summary>
public sealed record RunUsage(long Input, long Output, long CacheRead, long CacheWrite, long Total, long? Reasoning = null)
{
    public static RunUsage Zero { get; } = new(0, 0, 0, 0, 0);

    public RunUsage Add(RunUsage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(
            Input + other.Input,
            Output + other.Output,
            CacheRead + other.CacheRead,
            CacheWrite + other.CacheWrite,
            Total + other.Total,
            Reasoning is null && other.Reasoning is null ? null : (Reasoning ?? 0) + (other.Reasoning ?? 0));
    }

    public bool IsZero => Input == 0 && Output == 0 && CacheRead == 0 && CacheWrite == 0 && Total == 0;
}

/// <summary>
/// Why a run failed. <see cref="Reason"/> is a provider failure reason (agent-runtime.md §5.6) or one of
/// <see cref="RunErrorReasons"/>; <see cref="Message"/> is safe for clients only for provider reasons.
/// </summary>
public sealed record RunError(string Reason, string Message, int? Status = null, string? Code = null, TimeSpan? RetryAfter = null)
{
    /// <summary>The session store could not be reached (<see cref="Sessions.SessionStoreUnavailableException"/>).</summary>
    public static readonly RunError StoreUnavailable = new(
        RunErrorReasons.StoreUnavailable, "the session store is unavailable; retry shortly", 503, RetryAfter: Sessions.SessionStoreUnavailableException.RetryAfter);
}

/// <summary>Run failure reasons that do not come from a provider.</summary>
public static class RunErrorReasons
{
    /// <summary>Model resolution or credentials failed before any model call (HTTP 401 when credentials).</summary>
    public const string Auth = "auth";

    public const string Timeout = "run_timeout";

    /// <summary>The run waited <see cref="RunLimits.QueueTimeout"/> for a free slot of the global lane and gave up.</summary>
    public const string QueueTimeout = "queue_timeout";

    /// <summary><see cref="RunLimits.MaxQueuedRuns"/> runs were already waiting: the run was refused without queueing.</summary>
    public const string QueueFull = "queue_full";

    /// <summary>
    /// Another writer appended to the session's transcript since the turn read it (two processes on one store): the
    /// turn was not run, or its end was not stored (HTTP 409).
    /// </summary>
    public const string SessionConflict = "session_conflict";

    /// <summary>The session store could not be reached (a database restarting): nothing of the turn was stored (HTTP 503).</summary>
    public const string StoreUnavailable = "store_unavailable";

    public const string Internal = "internal";
}
