using OpenClaw.Core.Configuration;

namespace OpenClaw.Core.Models;

/// <summary>A model ready to call: its provider, wire protocol, limits and credentials.</summary>
public sealed record ResolvedModel
{
    public required ModelRef Ref { get; init; }

    /// <summary><c>openai-completions</c>, <c>anthropic-messages</c>, <c>ollama</c> or <c>echo</c>.</summary>
    public required string Api { get; init; }

    public required ModelDefinition Definition { get; init; }

    public string? BaseUrl { get; init; }

    public string? ApiKey { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The provider's <c>timeoutSeconds</c>, when configured.</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>Per-model default params from <c>agents.defaults.models[ref].params</c>.</summary>
    public System.Text.Json.Nodes.JsonObject? Params { get; init; }

    public bool AcceptsImages => Definition.Input.Contains("image");
}

/// <summary>Why a model could not be resolved; <see cref="IsAuth"/> failures map to 401, others to 400/500.</summary>
public sealed record ModelResolutionError(string Message, bool IsAuth = false, string? Provider = null);
