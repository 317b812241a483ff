namespace OpenClaw.Core.Providers.Ollama;

/// <summary>A native Ollama server: <c>{BaseUrl}/api/chat</c>, with a bearer key only when one is configured.</summary>
internal sealed record OllamaEndpoint(string ProviderId, Uri BaseUrl, string? ApiKey, IReadOnlyDictionary<string, string> Headers) : IJsonChatEndpoint
{
    public const string DefaultBaseUrl = "http://127.0.0.1:11434";

    public Uri ChatUri { get; } = new(BaseUrl.AbsoluteUri.TrimEnd('/') + "/api/chat");

    /// <summary>
    /// The server root for a configured base URL. A trailing <c>/v1</c> is stripped: it is the address of Ollama's
    /// OpenAI-compatible surface, and users often copy it into an <c>ollama</c> provider, whose native API lives at
    /// <c>/api/chat</c> under the root, so <c>…/v1/api/chat</c> would only ever answer 404.
    /// </summary>
    public static Uri NativeBaseUrl(string? configured)
    {
        var url = (string.IsNullOrWhiteSpace(configured) ? DefaultBaseUrl : configured.Trim()).TrimEnd('/');
        if (url.EndsWith("/v1", StringComparison.OrdinalIgnoreCase))
        {
            url = url[..^"/v1".Length];
        }

        return new Uri(url);
    }
}
