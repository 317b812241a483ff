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
        var top = new ConfigSection(root, "", diagnostics);
        foreach (var (key, _) in root)
        {
            if (Array.IndexOf(ImplementedSections, key) < 0)
            {
                diagnostics.Warnings.Add($"{key} is not supported by this gateway and is ignored");
            }
        }

        var config = new OpenClawConfig
        {
            Gateway = top.Section("gateway") is { } gateway ? BindGateway(gateway) : new GatewayConfig(),
            Agents = top.Section("agents") is { } agents ? BindAgents(agents) : new AgentsConfig(),
            Models = top.Section("models") is { } models ? BindModels(models) : new ModelsConfig(),
            Tools = top.Section("tools") is { } tools ? BindTools(tools) : new ToolsConfig(),
            Session = top.Section("session") is { } session ? BindSession(session) : new SessionConfig(),
            Raw = root,
            Warnings = diagnostics.Warnings,
        };

        if (diagnostics.Errors.Count > 0)
        {
            throw new ConfigException("invalid config: " + string.Join("; ", diagnostics.Errors));
        }

        return config;
    }

    private static ToolPolicyConfig BindToolPolicy(ConfigSection section) => new()
    {
        Profile = section.OneOf("profile", "minimal", "coding", "messaging", "full"),
        Allow = section.StringList("allow") ?? [],
        Deny = section.StringList("deny") ?? [],
    };

    private static ToolsConfig BindTools(ConfigSection section)
    {
        section.CheckKeys(
            strict: true,
            "profile", "allow", "deny", "alsoAllow", "byProvider", "exec", "elevated", "web", "media", "links",
            "agentToAgent", "sessions", "subagents", "sandbox", "message", "loopDetection", "fs");
        var exec = section.Section("exec");
        return new ToolsConfig
        {
            Policy = BindToolPolicy(section),
            ExecTimeoutSeconds = (int)(exec?.Integer("timeoutSeconds", 1, 86_400) ?? 120),
        };
    }
}
