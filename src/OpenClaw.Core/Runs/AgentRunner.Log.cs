using Microsoft.Extensions.Logging;

namespace OpenClaw.Core.Runs;

public sealed partial class AgentRunner
{
    private static partial class Log
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

        [LoggerMessage(EventId = 2003, EventName = "PersistFailed", Level = LogLevel.Error,
            Message = "run {RunId} could not persist its turn for session {SessionKey}")]
        public static partial void PersistFailed(ILogger logger, Exception exception, string runId, string sessionKey);
    }
}
