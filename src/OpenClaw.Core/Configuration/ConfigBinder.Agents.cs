using System.Text.Json.Nodes;
using OpenClaw.Core.Agents;

namespace OpenClaw.Core.Configuration;

public static partial class ConfigBinder
{
    private static readonly string[] AgentDefaultsKeys =
    [
        "workspace", "repoRoot", "skipBootstrap", "bootstrapMaxChars", "bootstrapTotalMaxChars", "userTimezone",
        "timeFormat", "envelopeTimezone", "envelopeTimestamp", "envelopeElapsed", "model", "imageModel", "models",
        "thinkingDefault", "verboseDefault", "elevatedDefault", "reasoningDefault", "blockStreamingDefault",
        "blockStreamingBreak", "blockStreamingChunk", "blockStreamingCoalesce", "humanDelay", "timeoutSeconds",
        "mediaMaxMb", "typingIntervalSeconds", "typingMode", "heartbeat", "maxConcurrent", "subagents", "sandbox",
        "contextTokens", "compaction", "contextPruning", "memorySearch", "cliBackends", "systemAgent", "tools",
        "params", "skills", "llm",
    ];

    private static readonly string[] AgentKeys =
    [
        "id", "default", "name", "workspace", "agentDir", "model", "identity", "tools", "sandbox", "groupChat",
        "subagents", "heartbeat", "skills", "humanDelay", "memorySearch", "params", "thinkingDefault",
        "verboseDefault", "reasoningDefault", "runtime",
    ];

    /// <summary>The original's <c>agents.defaults.compaction</c> keys.</summary>
    private static readonly string[] CompactionKeys =
    [
        "mode", "reserveTokens", "keepRecentTokens", "reserveTokensFloor", "maxHistoryShare", "customInstructions",
        "recentTurnsPreserve", "identifierPolicy", "identifierInstructions", "qualityGuard", "postIndexSync", "memoryFlush",
        "postCompactionSections", "model", "timeoutSeconds", "truncateAfterCompaction",
    ];

    private static readonly string[] ThinkingLevels = ["off", "minimal", "low", "medium", "high", "xhigh"];

    private static AgentsConfig BindAgents(ConfigSection section)
    {
        section.CheckKeys(strict: true, "defaults", "list", "entries", "ownership");
        if (section.Has("list") && section.Has("entries"))
        {
            section.Error("entries", "agents.list and agents.entries cannot both be present");
        }

        var form = section.Has("entries") ? "entries" : "list";
        var agents = form == "entries" ? BindAgentEntries(section) : BindAgentList(section);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var agent in agents)
        {
            if (!seen.Add(agent.Id))
            {
                section.Diagnostics.Errors.Add($"{section.KeyPath(form)}: duplicate agent id '{agent.Id}'");
            }
        }

        var defaults = section.Section("defaults") is { } d ? BindAgentDefaults(d) : new AgentDefaultsConfig();
        if (defaults.SystemAgentId is { } systemAgent && agents.Count > 0 && !seen.Contains(systemAgent))
        {
            section.Diagnostics.Errors.Add($"agents.defaults.systemAgent.agentId: unknown agent '{systemAgent}'");
        }

        return new AgentsConfig { Defaults = defaults, List = agents };
    }

    private static List<AgentConfig> BindAgentList(ConfigSection section)
    {
        var result = new List<AgentConfig>();
        foreach (var entry in section.ObjectArray("list"))
        {
            var id = entry.String("id");
            if (id is null)
            {
                entry.Error("id", "required");
                continue;
            }

            if (BindAgent(entry, id, allowDefaultMarker: true) is { } agent)
            {
                result.Add(agent);
            }
        }

        return result;
    }

    private static List<AgentConfig> BindAgentEntries(ConfigSection section)
    {
        var result = new List<AgentConfig>();
        if (section.Section("entries") is not { } entries)
        {
            return result;
        }

        foreach (var (key, value) in entries.Node)
        {
            if (value is not JsonObject obj)
            {
                entries.TypeError(key, "object", value);
                continue;
            }

            // The retired `default: true` marker of the keyed form is dropped on load, as the original does.
            if (BindAgent(new ConfigSection(obj, entries.KeyPath(key), section.Diagnostics), key, allowDefaultMarker: false) is { } agent)
            {
                result.Add(agent);
            }
        }

        return result;
    }

    private static AgentConfig? BindAgent(ConfigSection entry, string rawId, bool allowDefaultMarker)
    {
        entry.CheckKeys(strict: true, AgentKeys);
        var id = rawId.Trim().ToLowerInvariant();
        if (!AgentIds.IsValid(id))
        {
            entry.Diagnostics.Errors.Add($"{entry.Path}: invalid agent id '{rawId}' (expected [a-z0-9][a-z0-9_-]{{0,63}})");
            return null;
        }

        if (entry.Has("id") && entry.String("id") is { } explicitId && !string.Equals(explicitId.Trim(), rawId.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            entry.Error("id", $"does not match the entry key '{rawId}'");
        }

        var isDefault = entry.Bool("default") ?? false;
        return new AgentConfig
        {
            Id = id,
            Name = entry.String("name"),
            Default = allowDefaultMarker && isDefault,
            Workspace = entry.String("workspace"),
            Model = BindModelSelection(entry, "model"),
            Tools = entry.Section("tools") is { } tools ? BindAgentToolPolicy(tools) : null,
            Identity = entry.Section("identity") is { } identity ? BindIdentity(identity) : null,
        };
    }

    /// <summary><c>identity: {name, emoji, avatar}</c>: how clients present the agent (agents.list).</summary>
    private static AgentIdentity BindIdentity(ConfigSection section)
    {
        section.CheckKeys(strict: false, "name", "emoji", "avatar", "theme");
        return new AgentIdentity(section.String("name"), section.String("emoji"), section.String("avatar"));
    }

    private static AgentDefaultsConfig BindAgentDefaults(ConfigSection section)
    {
        section.CheckKeys(strict: true, AgentDefaultsKeys);
        var defaults = new AgentDefaultsConfig();
        var systemAgent = section.Section("systemAgent");
        var systemAgentId = systemAgent?.String("agentId")?.ToLowerInvariant();
        var maxChars = (int)(section.Integer("bootstrapMaxChars", 0, int.MaxValue) ?? defaults.BootstrapMaxChars);
        return new AgentDefaultsConfig
        {
            Workspace = section.String("workspace"),
            Model = BindModelSelection(section, "model"),
            Models = BindModelAliases(section),
            TimeoutSeconds = (int)(section.Integer("timeoutSeconds", 1, 86_400) ?? defaults.TimeoutSeconds),
            MaxConcurrent = (int)(section.Integer("maxConcurrent", 1, 1_024) ?? defaults.MaxConcurrent),
            ContextTokens = (int)(section.Integer("contextTokens", 1, int.MaxValue) ?? defaults.ContextTokens),
            Compaction = section.Section("compaction") is { } compaction ? BindCompaction(compaction) : defaults.Compaction,
            ThinkingDefault = section.OneOf("thinkingDefault", ThinkingLevels) ?? defaults.ThinkingDefault,
            VerboseDefault = section.OneOf("verboseDefault", "on", "full", "off") ?? defaults.VerboseDefault,
            BootstrapMaxChars = maxChars,
            BootstrapTotalMaxChars = (int)(section.Integer("bootstrapTotalMaxChars", 0, int.MaxValue) ?? defaults.BootstrapTotalMaxChars),
            SkipBootstrap = section.Bool("skipBootstrap") ?? false,
            UserTimezone = section.String("userTimezone"),
            SystemAgentId = string.IsNullOrEmpty(systemAgentId) ? null : systemAgentId,
        };
    }

    /// <summary>
    /// Only the reserve keys act (history is trimmed to fit, not summarized); the original's other keys are accepted
    /// with a warning that they have no effect.
    /// </summary>
    private static CompactionConfig BindCompaction(ConfigSection section)
    {
        section.CheckKeys(strict: false, CompactionKeys);
        section.Ignored([.. CompactionKeys.Where(k => k is not ("reserveTokens" or "reserveTokensFloor"))]);
        return new CompactionConfig
        {
            ReserveTokens = (int?)section.Integer("reserveTokens", 0, int.MaxValue),
            ReserveTokensFloor = (int?)section.Integer("reserveTokensFloor", 0, int.MaxValue),
        };
    }

    private static ModelSelection? BindModelSelection(ConfigSection section, string key)
    {
        var value = section.Get(key);
        switch (value)
        {
            case null:
                return null;
            case JsonValue:
                return section.String(key) is { Length: > 0 } primary ? new ModelSelection(primary, null) : null;
            case JsonObject:
                var model = section.Section(key)!;
                model.CheckKeys(strict: true, "primary", "fallbacks");
                return new ModelSelection(model.String("primary") is { Length: > 0 } p ? p : null, model.StringList("fallbacks"));
            default:
                section.TypeError(key, "string or object", value);
                return null;
        }
    }

    private static Dictionary<string, ModelAliasConfig> BindModelAliases(ConfigSection section)
    {
        var result = new Dictionary<string, ModelAliasConfig>(StringComparer.Ordinal);
        if (section.Section("models") is not { } models)
        {
            return result;
        }

        foreach (var (modelRef, value) in models.Node)
        {
            if (value is not JsonObject)
            {
                models.TypeError(modelRef, "object", value);
                continue;
            }

            var entry = models.Section(modelRef)!;
            entry.CheckKeys(strict: true, "alias", "params");
            result[modelRef] = new ModelAliasConfig(entry.String("alias"), entry.Section("params")?.Node);
        }

        return result;
    }
}
