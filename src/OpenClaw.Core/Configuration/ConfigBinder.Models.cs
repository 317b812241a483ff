using System.Text.Json.Nodes;

namespace OpenClaw.Core.Configuration;

public static partial class ConfigBinder
{
    /// <summary>Provider <c>api</c> kinds this gateway speaks (agent-runtime.md §3.4).</summary>
    public static readonly IReadOnlyList<string> SupportedApis = ["openai-completions", "anthropic-messages", "ollama"];

    private static ModelsConfig BindModels(ConfigSection section)
    {
        section.CheckKeys(strict: false, "mode", "providers", "catalogRefresh", "bedrockDiscovery");
        section.Ignored("bedrockDiscovery");
        var providers = new List<ProviderConfig>();
        if (section.Section("providers") is { } declared)
        {
            foreach (var (id, value) in declared.Node)
            {
                if (value is not JsonObject)
                {
                    declared.TypeError(id, "object", value);
                    continue;
                }

                if (BindProvider(declared.Section(id)!, id) is { } provider)
                {
                    providers.Add(provider);
                }
            }
        }

        return new ModelsConfig
        {
            Mode = section.OneOf("mode", "merge", "replace") ?? "merge",
            Providers = providers,
        };
    }

    private static ProviderConfig? BindProvider(ConfigSection section, string id)
    {
        section.CheckKeys(strict: true, "baseUrl", "apiKey", "api", "headers", "models", "auth", "authHeader", "compat", "injectNumCtxForOpenAICompat", "timeoutSeconds");
        var api = section.String("api") ?? "openai-completions";
        if (!SupportedApis.Contains(api))
        {
            section.Error("api", $"provider '{id}' uses api '{api}', which this gateway does not support (supported: {string.Join(", ", SupportedApis)})");
            return null;
        }

        var baseUrl = section.String("baseUrl");
        if (baseUrl is not null && !(Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            section.Error("baseUrl", $"expected an absolute http(s) URL, received \"{baseUrl}\"");
        }

        return new ProviderConfig
        {
            Id = id,
            Api = api,
            BaseUrl = baseUrl,
            ApiKey = section.String("apiKey"),
            Headers = section.StringMap("headers") ?? new Dictionary<string, string>(),
            TimeoutSeconds = (int?)section.Integer("timeoutSeconds", 1, 86_400),
            Models = BindModelDefinitions(section),
        };
    }

    private static List<ModelDefinition> BindModelDefinitions(ConfigSection section)
    {
        var result = new List<ModelDefinition>();
        foreach (var model in section.ObjectArray("models"))
        {
            model.CheckKeys(strict: true, "id", "name", "reasoning", "input", "cost", "contextWindow", "maxTokens", "headers", "compat", "api");
            if (model.String("id") is not { Length: > 0 } modelId)
            {
                model.Error("id", "required");
                continue;
            }

            var defaults = new ModelDefinition { Id = modelId };
            result.Add(new ModelDefinition
            {
                Id = modelId,
                Name = model.String("name"),
                Reasoning = model.Bool("reasoning") ?? false,
                Input = model.StringList("input") ?? defaults.Input,
                ContextWindow = (int)(model.Integer("contextWindow", 1, int.MaxValue) ?? defaults.ContextWindow),
                MaxTokens = (int)(model.Integer("maxTokens", 1, int.MaxValue) ?? defaults.MaxTokens),
            });
        }

        return result;
    }
}
