namespace OpenClaw.Core.Agents;

/// <summary>
/// Where a surface departs from the runtime's resolution (agent-runtime.md §1.1 steps 2–3). The defaults are the
/// runtime's (WS <c>agent</c>/<c>chat.send</c>, the CLI, <c>/tools/invoke</c>, session routes); <see cref="OpenAiHttp"/>
/// is the OpenAI-compatible endpoints' (http-api.md §4.3, §4.4, §6.8).
/// </summary>
public sealed record RunTargetOptions
{
    public static RunTargetOptions Runtime { get; } = new();

    /// <summary>Chat completions and Responses, before the per-request key for a call without a session key.</summary>
    public static RunTargetOptions OpenAiHttp { get; } = new() { KeyAgentWins = true, RequireExplicitOwner = true, LiteralKeys = true };

    /// <summary>
    /// An agent-scoped key selects its agent even when the explicit agent names another, instead of refusing the
    /// mismatch (http-api.md §4.4 [observed T#32]: <c>agent:beta:custom</c> with <c>model: "openclaw/main"</c> runs <c>beta</c>).
    /// </summary>
    public bool KeyAgentWins { get; init; }

    /// <summary>
    /// With two or more configured agents there is no implicit default: a request naming neither an agent nor an
    /// agent-scoped key is refused (<see cref="RunTargetProblem.NoExplicitOwner"/>; http-api.md §4.3 step 3, T#5–T#7).
    /// </summary>
    public bool RequireExplicitOwner { get; init; }

    /// <summary>
    /// A bare key <c>k</c> is always <c>agent:&lt;id&gt;:k</c>, with no <c>main</c>/<c>global</c> aliases (http-api.md
    /// §4.4: "A bare key <c>k</c> becomes <c>agent:&lt;agentId&gt;:k</c> (lower-cased)").
    /// </summary>
    public bool LiteralKeys { get; init; }

    /// <summary>
    /// The key, before scoping to the agent, of a request that sends none (http-api.md §4.4: <c>openai-user:&lt;user&gt;</c>,
    /// <c>openai:&lt;uuid&gt;</c>); null means the agent's main session (agent-runtime.md §6.1).
    /// </summary>
    public string? KeylessSession { get; init; }
}
