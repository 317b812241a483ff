using OpenClaw.Core.Configuration;
using OpenClaw.Core.Providers.Echo;

namespace OpenClaw.Core.Models;

/// <summary>Model selection and provider lookup for one config snapshot (agent-runtime.md §3.4, §5.1, §5.2).</summary>
public static class ModelResolver
{
    /// <summary>Providers whose calls cannot succeed without a key.</summary>
    private static readonly string[] KeyRequired = ["openai", "anthropic"];

    /// <summary>True when no provider is declared: the agent then runs on the offline echo model.</summary>
    public static bool UsesOfflineModel(OpenClawConfig config, string agentId) =>
        ConfiguredRef(config, agentId) is null && config.Models.Providers.Count == 0;

    /// <summary>The configured model ref of an agent (agent, then defaults), or null.</summary>
    public static string? ConfiguredRef(OpenClawConfig config, string agentId)
    {
        ArgumentNullException.ThrowIfNull(config);
        var agent = config.Agents.List.FirstOrDefault(a => a.Id == agentId);
        return agent?.Model?.Primary ?? config.Agents.Defaults.Model?.Primary;
    }

    /// <summary>The fallback refs of an agent: its own <c>model.fallbacks</c>, else the defaults' (§5.2).</summary>
    public static IReadOnlyList<string> Fallbacks(OpenClawConfig config, string agentId)
    {
        ArgumentNullException.ThrowIfNull(config);
        var agent = config.Agents.List.FirstOrDefault(a => a.Id == agentId);
        return agent?.Model?.Fallbacks ?? config.Agents.Defaults.Model?.Fallbacks ?? [];
    }

    /// <summary>Selects the run's model: run override, session override, agent model, defaults (§5.2).</summary>
    public static (ResolvedModel? Model, ModelResolutionError? Error) Resolve(
        OpenClawConfig config, string agentId, string? runOverride, string? sessionOverride, IProcessEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(config);
        var refText = runOverride ?? sessionOverride ?? ConfiguredRef(config, agentId);
        if (refText is null)
        {
            return config.Models.Providers.Count == 0
                ? (Echo(), null)
                : (null, new ModelResolutionError($"No model configured for agent '{agentId}'."));
        }

        return ResolveRef(config, refText, environment);
    }

    /// <summary>Resolves one ref or alias against the declared and implicit providers.</summary>
    public static (ResolvedModel? Model, ModelResolutionError? Error) ResolveRef(OpenClawConfig config, string refText, IProcessEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(environment);
        if (!TryNormalize(config, refText, out var modelRef))
        {
            return (null, new ModelResolutionError($"Unknown model '{refText.Trim()}'."));
        }

        if (FindProvider(config, modelRef.Provider) is not { } provider)
        {
            // Observed: a provider the config does not route to (e.g. `openai` under models.mode=replace) is an
            // authentication failure, not a malformed ref.
            return modelRef.Provider == EchoChatClient.ProviderId ? (Echo(), null) : (null, NoCredentials(modelRef.Provider));
        }

        var apiKey = ResolveApiKey(provider, environment);
        if (apiKey is null && KeyRequired.Contains(provider.Id))
        {
            return (null, NoCredentials(provider.Id));
        }

        config.Agents.Defaults.Models.TryGetValue(modelRef.ToString(), out var alias);
        return (new ResolvedModel
        {
            Ref = modelRef,
            Api = provider.Api,
            Definition = provider.Models.FirstOrDefault(m => m.Id == modelRef.Model) ?? new ModelDefinition { Id = modelRef.Model },
            BaseUrl = provider.BaseUrl,
            ApiKey = apiKey,
            Headers = provider.Headers,
            TimeoutSeconds = provider.TimeoutSeconds,
            Params = alias?.Params,
        }, null);
    }

    /// <summary>
    /// Turns an alias, a bare model id or <c>provider/model</c> into a ref; false for malformed text.
    /// </summary>
    public static bool TryNormalize(OpenClawConfig config, string text, out ModelRef modelRef)
    {
        ArgumentNullException.ThrowIfNull(config);
        var trimmed = text.Trim();
        foreach (var (key, alias) in config.Agents.Defaults.Models)
        {
            if (alias.Alias is { } name && string.Equals(name, trimmed, StringComparison.OrdinalIgnoreCase) && ModelRef.TryParse(key, out modelRef))
            {
                return true;
            }
        }

        if (!trimmed.Contains('/', StringComparison.Ordinal))
        {
            foreach (var provider in config.Models.Providers)
            {
                if (provider.Models.Any(m => m.Id == trimmed))
                {
                    modelRef = new ModelRef(provider.Id, trimmed);
                    return true;
                }
            }

            modelRef = default;
            return false;
        }

        return ModelRef.TryParse(trimmed, out modelRef);
    }

    /// <summary>True when the allowlist (<c>agents.defaults.models</c>, when non-empty) admits the ref.</summary>
    public static bool IsAllowed(OpenClawConfig config, ModelRef modelRef)
    {
        ArgumentNullException.ThrowIfNull(config);
        var allowlist = config.Agents.Defaults.Models;
        return allowlist.Count == 0 || allowlist.ContainsKey(modelRef.ToString());
    }

    /// <summary>
    /// API key: the configured value (after <c>${VAR}</c>; a value that is exactly the name of a set variable is
    /// read from it), else <c>&lt;PROVIDER&gt;_API_KEY</c>.
    /// </summary>
    public static string? ResolveApiKey(ProviderConfig provider, IProcessEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(environment);
        if (provider.ApiKey is { Length: > 0 } configured)
        {
            return EnvSubstitution.IsVariableName(configured) && environment.Get(configured) is { Length: > 0 } fromVariable
                ? fromVariable
                : configured;
        }

        return environment.Get(SecretVariables.ApiKeyVariable(provider.Id)) is { Length: > 0 } fromEnv ? fromEnv : null;
    }

    private static ModelResolutionError NoCredentials(string provider) =>
        new($"No route-compatible authentication source is configured for {provider}.", IsAuth: true, provider);

    private static ProviderConfig? FindProvider(OpenClawConfig config, string id)
    {
        foreach (var provider in config.Models.Providers)
        {
            if (provider.Id == id)
            {
                return provider;
            }
        }

        return config.Models.Mode == "merge" ? ModelsConfig.ImplicitProviders.FirstOrDefault(p => p.Id == id) : null;
    }

    /// <summary>The built-in offline model (<c>echo/echo</c>).</summary>
    public static ResolvedModel Echo() => new()
    {
        Ref = new ModelRef(EchoChatClient.ProviderId, EchoChatClient.ModelId),
        Api = "echo",
        Definition = new ModelDefinition { Id = EchoChatClient.ModelId, Name = "Echo (offline, not an LLM)", ContextWindow = 1_000_000 },
    };
}
