namespace OpenClaw.Core.Configuration;

public static partial class ConfigBinder
{
    private static SessionConfig BindSession(ConfigSection section)
    {
        section.CheckKeys(
            strict: true,
            "scope", "dmScope", "mainKey", "reset", "resetByType", "resetByChannel", "resetTriggers", "idleMinutes",
            "store", "typingIntervalSeconds", "typingMode", "sendPolicy", "agentToAgent", "identityLinks",
            "maintenance", "threadBindings", "parentForkMaxTokens");
        var defaults = new SessionConfig();
        var mainKey = section.String("mainKey");
        return new SessionConfig
        {
            Scope = section.OneOf("scope", "per-sender", "global") ?? defaults.Scope,
            MainKey = string.IsNullOrEmpty(mainKey) ? defaults.MainKey : mainKey.ToLowerInvariant(),
            Reset = section.Section("reset") is { } reset ? BindResetPolicy(reset) : null,
            ResetByType = BindResetMap(section, "resetByType"),
            ResetByChannel = BindResetMap(section, "resetByChannel"),
            ResetTriggers = section.StringList("resetTriggers") ?? defaults.ResetTriggers,
            IdleMinutes = (int?)section.Integer("idleMinutes", 1, int.MaxValue),
        };
    }

    private static Dictionary<string, ResetPolicyConfig> BindResetMap(ConfigSection section, string key)
    {
        var result = new Dictionary<string, ResetPolicyConfig>(StringComparer.OrdinalIgnoreCase);
        if (section.Section(key) is not { } map)
        {
            return result;
        }

        foreach (var (name, _) in map.Node)
        {
            if (map.Section(name) is { } policy && BindResetPolicy(policy) is { } bound)
            {
                result[name] = bound;
            }
        }

        return result;
    }

    private static ResetPolicyConfig? BindResetPolicy(ConfigSection section)
    {
        section.CheckKeys(strict: true, "mode", "atHour", "idleMinutes");
        var idle = (int?)section.Integer("idleMinutes", 1, int.MaxValue);
        var mode = section.OneOf("mode", "daily", "idle", "off") ?? (idle is not null ? "idle" : "daily");
        return new ResetPolicyConfig(mode, (int?)section.Integer("atHour", 0, 23), idle);
    }
}
