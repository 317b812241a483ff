using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using OpenClaw.Core.Models;
using OpenClaw.Core.Runs;

namespace OpenClaw.Core.Telemetry;

/// <summary>
/// The run's spans (GenAI semantic conventions): <c>invoke_agent {agent}</c> for the run, <c>chat {model}</c> for
/// each model call (the provider's HTTP span and <c>traceparent</c> hang below it), <c>execute_tool {tool}</c> for
/// each built-in tool call and <c>persist_turn</c> for the store write. Every method returns null while no one listens,
/// and attributes are set only on spans that are recorded (an unrecorded span only carries the trace context).
/// </summary>
internal static class RunTracing
{
    public static Activity? StartRun(string runId)
    {
        var activity = Start(TelemetryTags.InvokeAgent, ActivityKind.Internal);
        if (Recorded(activity))
        {
            activity.SetTag(TelemetryTags.OperationName, TelemetryTags.InvokeAgent);
            activity.SetTag(TelemetryTags.RunId, runId);
        }

        return activity;
    }

    /// <summary>Names the run's span after its agent once the agent is resolved.</summary>
    public static void AgentResolved(Activity? activity, string agentId)
    {
        if (Recorded(activity))
        {
            activity.DisplayName = $"{TelemetryTags.InvokeAgent} {agentId}";
            activity.SetTag(TelemetryTags.AgentId, agentId);
        }
    }

    public static void RunFinished(Activity? activity, AgentRunResult result)
    {
        if (!Recorded(activity))
        {
            return;
        }

        activity.SetTag(TelemetryTags.ConversationId, result.SessionId);
        activity.SetTag(TelemetryTags.RunOutcome, RunMetrics.OutcomeOf(result));
        if (result.Provider is not null)
        {
            activity.SetTag(TelemetryTags.ProviderName, result.Provider);
            activity.SetTag(TelemetryTags.RequestModel, result.Model);
            activity.SetTag(TelemetryTags.InputTokens, result.Usage.Input + result.Usage.CacheRead + result.Usage.CacheWrite);
            activity.SetTag(TelemetryTags.OutputTokens, result.Usage.Output);
        }

        if (result.Error is { } error)
        {
            Failed(activity, error.Reason, error.Message);
        }
    }

    public static Activity? StartModelCall(ResolvedModel model)
    {
        var activity = Start(TelemetryTags.Chat, ActivityKind.Client);
        if (Recorded(activity))
        {
            activity.DisplayName = $"{TelemetryTags.Chat} {model.Ref.Model}";
            activity.SetTag(TelemetryTags.OperationName, TelemetryTags.Chat);
            activity.SetTag(TelemetryTags.ProviderName, model.Ref.Provider);
            activity.SetTag(TelemetryTags.RequestModel, model.Ref.Model);
        }

        return activity;
    }

    public static void ModelCallFinished(Activity? activity, string stopReason, RunUsage? usage, string? errorType, string? errorMessage)
    {
        if (!Recorded(activity))
        {
            return;
        }

        activity.SetTag(TelemetryTags.FinishReasons, new[] { stopReason });
        if (usage is not null)
        {
            activity.SetTag(TelemetryTags.InputTokens, usage.Input + usage.CacheRead + usage.CacheWrite);
            activity.SetTag(TelemetryTags.OutputTokens, usage.Output);
        }

        if (errorType is not null)
        {
            Failed(activity, errorType, errorMessage);
        }
    }

    public static Activity? StartTool(string name, string callId)
    {
        var activity = Start(TelemetryTags.ExecuteTool, ActivityKind.Internal);
        if (Recorded(activity))
        {
            activity.DisplayName = $"{TelemetryTags.ExecuteTool} {name}";
            activity.SetTag(TelemetryTags.OperationName, TelemetryTags.ExecuteTool);
            activity.SetTag(TelemetryTags.ToolName, name);
            activity.SetTag(TelemetryTags.ToolCallId, callId);
            activity.SetTag(TelemetryTags.ToolType, "function");
        }

        return activity;
    }

    public static void ToolFinished(Activity? activity, bool failed)
    {
        if (failed && Recorded(activity))
        {
            Failed(activity, "tool_error", null);
        }
    }

    public static Activity? StartPersist() => Start("persist_turn", ActivityKind.Internal);

    public static void Failed(Activity? activity, string errorType, string? message)
    {
        if (Recorded(activity))
        {
            activity.SetTag(TelemetryTags.ErrorType, errorType);
            activity.SetStatus(ActivityStatusCode.Error, message);
        }
    }

    /// <summary>
    /// A span of ours, or null while nobody listens or below an unrecorded span (no exporter): a child of an unrecorded
    /// span is not recorded either, and the parent already carries the trace context on to the provider.
    /// </summary>
    private static Activity? Start(string name, ActivityKind kind) =>
        GatewayTelemetry.ActivitySource.HasListeners() && Activity.Current is not { IsAllDataRequested: false }
            ? GatewayTelemetry.ActivitySource.StartActivity(name, kind)
            : null;

    private static bool Recorded([NotNullWhen(true)] Activity? activity) => activity is { IsAllDataRequested: true };
}
