namespace OpenClaw.Core.Telemetry;

/// <summary>
/// Attribute names: the OpenTelemetry GenAI semantic conventions where they apply, <c>openclaw.*</c> for the rest.
/// Metric labels stay low-cardinality (agents, providers, models, outcomes); run and session ids go on spans only.
/// </summary>
public static class TelemetryTags
{
    public const string OperationName = "gen_ai.operation.name";
    public const string ProviderName = "gen_ai.provider.name";
    public const string RequestModel = "gen_ai.request.model";
    public const string TokenType = "gen_ai.token.type";
    public const string AgentId = "gen_ai.agent.id";
    public const string ConversationId = "gen_ai.conversation.id";
    public const string InputTokens = "gen_ai.usage.input_tokens";
    public const string OutputTokens = "gen_ai.usage.output_tokens";
    public const string FinishReasons = "gen_ai.response.finish_reasons";
    public const string ToolName = "gen_ai.tool.name";
    public const string ToolCallId = "gen_ai.tool.call.id";
    public const string ToolType = "gen_ai.tool.type";
    public const string ErrorType = "error.type";
    public const string RunId = "openclaw.run.id";
    public const string RunOutcome = "openclaw.run.outcome";
    public const string CircuitState = "openclaw.circuit.state";

    /// <summary>Values of <see cref="OperationName"/>.</summary>
    public const string InvokeAgent = "invoke_agent";
    public const string Chat = "chat";
    public const string ExecuteTool = "execute_tool";

    /// <summary>The agent label of a run whose agent could not be resolved (the caller's id is never a label).</summary>
    public const string UnresolvedAgent = "(unresolved)";
}
