namespace OpenClaw.Core.Providers.Anthropic;

/// <summary>An Anthropic Messages upstream: <c>{BaseUrl}/v1/messages</c> (the base URL has no <c>/v1</c>), its key and extra headers.</summary>
internal sealed record AnthropicEndpoint(string ProviderId, Uri BaseUrl, string? ApiKey, IReadOnlyDictionary<string, string> Headers)
{
    public const string DefaultBaseUrl = "https://api.anthropic.com";

    /// <summary>What decides whether two endpoints can share one SDK client: everything but the provider's name.</summary>
    public string CacheKey { get; } = string.Join(
        '\n',
        [BaseUrl.AbsoluteUri.TrimEnd('/'), ApiKey ?? "", .. Headers.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase).Select(h => h.Key + ":" + h.Value)]);
}
