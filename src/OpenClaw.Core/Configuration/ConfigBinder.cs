using System.Text.Json.Nodes;

namespace OpenClaw.Core.Configuration;

/// <summary>
/// Validates the config object and binds it to <see cref="OpenClawConfig"/>. Sections we implement are strict
/// (type errors and unknown keys fail); other OpenClaw sections are accepted with a warning (agent-runtime.md §2.1).
/// </summary>
public static partial class ConfigBinder
{
    private static readonly string[] ImplementedSections = ["gateway", "agents", "models", "tools", "session", "env", "$schema", "meta"];

    /// <summary>Binds <paramref name="root"/>; throws <see cref="ConfigException"/> listing every invalid key.</summary>
    public static OpenClawConfig Bind(JsonObject root)
    {
        var diagnostics = new ConfigDiagnostics();
        var config = Bind(root, diagnostics);
        if (diagnostics.Errors.Count > 0)
        {
            throw new ConfigException("invalid config: " + string.Join("; ", diagnostics.Errors));
        }

        return config;
    }

    /// <summary>Binds without throwing: every problem goes to <paramref name="diagnostics"/> (for <c>config validate</c>).</summary>
    internal static OpenClawConfig Bind(JsonObject root, ConfigDiagnostics diagnostics)
    {
        var top = new ConfigSection(root, "", diagnostics);
        foreach (var (key, _) in root)
        {
            if (Array.IndexOf(ImplementedSections, key) < 0)
            {
                diagnostics.Warnings.Add($"{key} is not supported by this gateway and is ignored");
            }
        }

        var gateway = top.Section("gateway") is { } gatewaySection ? BindGateway(gatewaySection) : new GatewayConfig();
        var agents = top.Section("agents") is { } agentsSection ? BindAgents(agentsSection) : new AgentsConfig();
        var models = top.Section("models") is { } modelsSection ? BindModels(modelsSection) : new ModelsConfig();
        return new OpenClawConfig
        {
            Gateway = gateway,
            Agents = agents,
            Models = models,
            Tools = top.Section("tools") is { } tools ? BindTools(tools, models) : new ToolsConfig(),
            Session = top.Section("session") is { } session ? BindSession(session) : new SessionConfig(),
            Raw = root,
            Warnings = diagnostics.Warnings,
        };
    }

    // The keys the original accepts under `tools` (zod-schema.agent-runtime.ts ToolsSchema) and under an agent's
    // `tools` (AgentToolsSchema); only the policy keys and tools.exec.timeoutSeconds have an effect here (and our own
    // tools.exec.passEnv, ConfigBinder.Exec.cs).
    private static readonly string[] PolicyKeys = ["profile", "allow", "alsoAllow", "deny"];

    private static readonly string[] IgnoredToolsKeys =
    [
        "byProvider", "toolsBySender", "web", "github", "media", "links", "sessions", "loopDetection", "toolSearch",
        "codeMode", "swarm", "message", "agentToAgent", "elevated", "fs", "subagents", "sandbox", "sessions_spawn",
        "updatePlan",
    ];

    private static readonly string[] IgnoredAgentToolsKeys =
    [
        "byProvider", "toolsBySender", "codeMode", "swarm", "elevated", "exec", "github", "fs", "loopDetection",
        "message", "sandbox",
    ];

    private static readonly string[] IgnoredExecKeys =
    [
        "host", "mode", "security", "ask", "node", "pathPrepend", "safeBins", "strictInlineEval", "commandHighlighting",
        "grantExpiryDays", "safeBinTrustedDirs", "safeBinProfiles", "reviewer", "backgroundMs",
        "approvalRunningNoticeMs", "cleanupMs", "notifyOnExit", "notifyOnExitEmptySuccess", "applyPatch",
    ];

    /// <summary>An agent's <c>tools</c> object: the policy keys, the rest of the original's keys with a warning.</summary>
    private static ToolPolicyConfig BindAgentToolPolicy(ConfigSection section)
    {
        section.CheckKeys(strict: true, [.. PolicyKeys, .. IgnoredAgentToolsKeys]);
        section.Ignored(IgnoredAgentToolsKeys);
        return BindToolPolicy(section);
    }

    /// <summary>
    /// <c>alsoAllow</c> is the original's additive list; allow adds here too (agent-runtime.md §5.5), so both are
    /// merged.
    /// </summary>
    private static ToolPolicyConfig BindToolPolicy(ConfigSection section) => new()
    {
        Profile = section.OneOf("profile", "minimal", "coding", "messaging", "full"),
        Allow = [.. section.StringList("allow") ?? [], .. section.StringList("alsoAllow") ?? []],
        Deny = section.StringList("deny") ?? [],
    };

    /// <summary>The global <c>tools</c> object; <paramref name="models"/> names the provider keys <c>passEnv</c> may not list.</summary>
    private static ToolsConfig BindTools(ConfigSection section, ModelsConfig models)
    {
        section.CheckKeys(strict: true, [.. PolicyKeys, "exec", .. IgnoredToolsKeys]);
        section.Ignored(IgnoredToolsKeys);
        var exec = section.Section("exec");
        exec?.CheckKeys(strict: true, ["timeoutSeconds", "passEnv", .. IgnoredExecKeys]);
        exec?.Ignored(IgnoredExecKeys);
        return new ToolsConfig
        {
            Policy = BindToolPolicy(section),
            ExecTimeoutSeconds = (int)(exec?.Integer("timeoutSeconds", 1, 86_400) ?? 120),
            ExecPassEnv = exec is null ? [] : BindPassEnv(exec, SecretVariables.Names(models)),
        };
    }
}
