namespace OpenClaw.Core.Providers.OpenAi;

/// <summary>An OpenAI-compatible upstream: <c>{BaseUrl}/chat/completions</c> with an optional bearer key.</summary>
internal sealed record OpenAiEndpoint(string ProviderId, Uri BaseUrl, string? ApiKey, IReadOnlyDictionary<string, string> Headers) : IJsonChatEndpoint
{
    public Uri ChatUri { get; } = new(BaseUrl.AbsoluteUri.TrimEnd('/') + "/chat/completions");
}
