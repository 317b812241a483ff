using Microsoft.Extensions.Logging;

namespace OpenClaw.Core.Runs;

/// <summary>The run pipeline's log messages (event ids 2001–2023), written under the runner's logger category.</summary>
internal static partial class RunLog
{
    [LoggerMessage(EventId = 2001, EventName = "RunCompleted", Level = LogLevel.Information,
        Message = "run {RunId} agent={AgentId} model={Model} stop={StopReason} in {DurationMs} ms (tokens in={InputTokens} out={OutputTokens})")]
    public static partial void RunCompleted(ILogger logger, string runId, string agentId, string model, string stopReason, long durationMs, long inputTokens, long outputTokens);

    [LoggerMessage(EventId = 2002, EventName = "RunFailed", Level = LogLevel.Warning,
        Message = "run {RunId} agent={AgentId} model={Model} failed ({Reason}) after {DurationMs} ms")]
    public static partial void RunFailed(ILogger logger, string runId, string agentId, string model, string reason, long durationMs);

    [LoggerMessage(EventId = 2004, EventName = "ModelCallCrashed", Level = LogLevel.Error,
        Message = "run {RunId}: the model adapter failed unexpectedly")]
    public static partial void ModelCallCrashed(ILogger logger, Exception exception, string runId);

    [LoggerMessage(EventId = 2005, EventName = "RunCrashed", Level = LogLevel.Error,
        Message = "run {RunId} failed before its model call")]
    public static partial void RunCrashed(ILogger logger, Exception exception, string runId);

    [LoggerMessage(EventId = 2024, EventName = "StoreUnavailable", Level = LogLevel.Warning,
        Message = "run {RunId} failed: the session store is unavailable")]
    public static partial void StoreUnavailable(ILogger logger, Exception exception, string runId);

    [LoggerMessage(EventId = 2003, EventName = "PersistFailed", Level = LogLevel.Error,
        Message = "run {RunId} could not persist its turn for session {SessionKey}")]
    public static partial void PersistFailed(ILogger logger, Exception exception, string runId, string sessionKey);

    [LoggerMessage(EventId = 2023, EventName = "TranscriptConflict", Level = LogLevel.Warning,
        Message = "run {RunId}: the transcript of session {SessionKey} ends at entry {ActualLastSeq}, not {ExpectedLastSeq}: another writer appended to it")]
    public static partial void TranscriptConflict(ILogger logger, string runId, string sessionKey, long expectedLastSeq, long actualLastSeq);

    [LoggerMessage(EventId = 2006, EventName = "ModelCallRetry", Level = LogLevel.Warning,
        Message = "run {RunId}: model {Model} failed ({Reason}) on attempt {Attempt}; retrying in {DelayMs} ms")]
    public static partial void RetryingModelCall(ILogger logger, string runId, string model, string reason, int attempt, long delayMs);

    [LoggerMessage(EventId = 2007, EventName = "ModelFallback", Level = LogLevel.Warning,
        Message = "run {RunId}: model {Model} failed ({Reason}); falling back to {Fallback}")]
    public static partial void FallingBack(ILogger logger, string runId, string model, string reason, string fallback);

    [LoggerMessage(EventId = 2010, EventName = "ToolCrashed", Level = LogLevel.Error,
        Message = "run {RunId}: tool {Tool} threw; the model gets an error result")]
    public static partial void ToolCrashed(ILogger logger, Exception exception, string runId, string tool);

    [LoggerMessage(EventId = 2009, EventName = "PrimaryModelUnavailable", Level = LogLevel.Warning,
        Message = "run {RunId}: the primary model is unusable ({Problem}); trying the fallbacks")]
    public static partial void PrimaryUnavailable(ILogger logger, string runId, string problem);

    [LoggerMessage(EventId = 2011, EventName = "ProviderCircuitRefused", Level = LogLevel.Warning,
        Message = "run {RunId}: model {Model} skipped: its provider's circuit is open (next probe in {RetryAfterSeconds} s)")]
    public static partial void CircuitOpen(ILogger logger, string runId, string model, long retryAfterSeconds);

    [LoggerMessage(EventId = 2012, EventName = "FailureBudgetSpent", Level = LogLevel.Warning,
        Message = "run {RunId}: failed model calls took {FailedSeconds} s, the failure budget; no further attempt")]
    public static partial void FailureBudgetSpent(ILogger logger, string runId, long failedSeconds);

    [LoggerMessage(EventId = 2013, EventName = "RunQueueTimeout", Level = LogLevel.Warning,
        Message = "run {RunId} waited {QueueSeconds} s for a free run slot (agents.defaults.maxConcurrent) and was refused")]
    public static partial void QueueTimeout(ILogger logger, string runId, long queueSeconds);

    [LoggerMessage(EventId = 2020, EventName = "RunQueueFull", Level = LogLevel.Warning,
        Message = "run {RunId} refused: {MaxQueuedRuns} runs are already waiting for a run slot (OpenClaw:Runs:MaxQueuedRuns)")]
    public static partial void QueueFull(ILogger logger, string runId, int maxQueuedRuns);

    [LoggerMessage(EventId = 2014, EventName = "UnstructuredUpstreamError", Level = LogLevel.Warning,
        Message = "run {RunId}: model {Model} answered HTTP {Status} without a structured error message; the client gets a generic one. Body: {Body}")]
    public static partial void UnstructuredUpstreamError(ILogger logger, string runId, string model, int status, string body);

    [LoggerMessage(EventId = 2008, EventName = "FallbackUnavailable", Level = LogLevel.Warning,
        Message = "run {RunId}: fallback model {Fallback} skipped: {Problem}")]
    public static partial void FallbackUnavailable(ILogger logger, string runId, string fallback, string problem);

    [LoggerMessage(EventId = 2021, EventName = "OutcomeNotRecorded", Level = LogLevel.Error,
        Message = "run {RunId}: its outcome could not be recorded; agent.wait will not see it")]
    public static partial void OutcomeNotRecorded(ILogger logger, Exception exception, string runId);

    [LoggerMessage(EventId = 2022, EventName = "HistoryTrimmed", Level = LogLevel.Information,
        Message = "run {RunId}: {DroppedTurns} oldest turn(s) of the history ({DroppedMessages} messages, about {DroppedTokens} tokens) left out to fit model {Model}'s context window of {ContextWindow} tokens with {ReserveTokens} reserved for the answer; {KeptMessages} history messages sent, prompt about {SentTokens} tokens")]
    public static partial void HistoryTrimmed(
        ILogger logger, string runId, string model, int contextWindow, int reserveTokens, int droppedTurns, int droppedMessages, long droppedTokens, int keptMessages, long sentTokens);
}
