using System.Net;
using Microsoft.Extensions.AI;
using OpenClaw.Core.Models;
using OpenClaw.Core.Providers.Anthropic;
using OpenClaw.Core.Providers.Echo;
using OpenClaw.Core.Providers.Ollama;
using OpenClaw.Core.Providers.OpenAi;

namespace OpenClaw.Core.Providers;

/// <summary>
/// Creates the <see cref="IChatClient"/> for a resolved model. Adapters are cheap per-call objects; the one pooled
/// <see cref="HttpClient"/> (and its connection pool) is shared by all of them.
/// </summary>
public sealed class ChatClientFactory : IDisposable
{
    private readonly HttpClient _httpClient;
    private readonly ProviderTimeouts _timeouts;
    private readonly TimeProvider _time;
    private readonly EchoChatClient _echo = new();
    private readonly AnthropicClientCache _anthropic;

    /// <param name="timeouts">The host's limits for model calls.</param>
    /// <param name="time">The clock of the adapters' first-byte and between-chunk deadlines; the system's by default.</param>
    public ChatClientFactory(ProviderTimeouts timeouts, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(timeouts);
        _timeouts = timeouts;
        _time = time ?? TimeProvider.System;
        _httpClient = CreateHttpClient(timeouts);
        _anthropic = new AnthropicClientCache(_httpClient, _time);
    }

    public ProviderTimeouts Timeouts => _timeouts;

    /// <summary>The adapter for <paramref name="model"/>; throws <see cref="ProviderException"/> for an unsupported api.</summary>
    public IChatClient Create(ResolvedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Api switch
        {
            "echo" => _echo,
            "openai-completions" => OpenAi(model, model.BaseUrl ?? "https://api.openai.com/v1"),
            "anthropic-messages" => Anthropic(model),
            "ollama" => Ollama(model),

            // A configuration this build cannot serve: the caller's request is fine, so not a 4xx.
            _ => throw new ProviderException(
                Runs.RunErrorReasons.Internal,
                $"provider api '{model.Api}' is not implemented by this gateway yet"),
        };
    }

    public void Dispose() => _httpClient.Dispose();

    /// <summary>The pooled client every adapter shares (tests build theirs the same way).</summary>
    internal static HttpClient CreateHttpClient(ProviderTimeouts timeouts) => new(CreateHandler(timeouts))
    {
        // Our own first-byte and between-chunk timeouts apply; a whole response may legitimately stream for long.
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>The connection pool under <see cref="CreateHttpClient"/>, for tests that wrap it.</summary>
    internal static SocketsHttpHandler CreateHandler(ProviderTimeouts timeouts) => new()
    {
        ConnectTimeout = timeouts.Connect,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,

        // A response abandoned mid-stream (the caller cancelled, a deadline fired) is closed at once: draining it
        // would keep the upstream generating for up to ResponseDrainTimeout (2 s) just to reuse the connection.
        MaxResponseDrainSize = 0,
    };

    private OpenAiCompletionsChatClient OpenAi(ResolvedModel model, string baseUrl) =>
        new(_httpClient, new OpenAiEndpoint(model.Ref.Provider, new Uri(baseUrl), model.ApiKey, model.Headers), _timeouts.For(model), _time);

    private AnthropicMessagesChatClient Anthropic(ResolvedModel model) => new(
        _anthropic.Get(new AnthropicEndpoint(model.Ref.Provider, new Uri(model.BaseUrl ?? AnthropicEndpoint.DefaultBaseUrl), model.ApiKey, model.Headers)),
        _timeouts.For(model),
        _time);

    // The native API, also when the configured base URL points at Ollama's /v1 (see OllamaEndpoint.NativeBaseUrl).
    private OllamaChatClient Ollama(ResolvedModel model) =>
        new(_httpClient, new OllamaEndpoint(model.Ref.Provider, OllamaEndpoint.NativeBaseUrl(model.BaseUrl), model.ApiKey, model.Headers), _timeouts.For(model), _time);
}
