using Microsoft.Extensions.AI;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Providers.Ollama;
using OpenClaw.Core.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Providers.Ollama;

/// <summary>A fake Ollama on a loopback socket and the native adapter pointed at it.</summary>
public abstract class OllamaTestBase : IAsyncLifetime
{
    protected const string Model = "fake-model";

    private readonly HttpClient _http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) }) { Timeout = Timeout.InfiniteTimeSpan };

    protected FakeOllamaUpstream Upstream { get; private set; } = null!;

    public async Task InitializeAsync() => Upstream = await FakeOllamaUpstream.StartAsync();

    public async Task DisposeAsync()
    {
        await Upstream.DisposeAsync();
        _http.Dispose();
    }

    protected IChatClient Client(ProviderTimeouts? timeouts = null, string? apiKey = null, IReadOnlyDictionary<string, string>? headers = null, Uri? baseUrl = null) =>
        new OllamaChatClient(
            _http,
            new OllamaEndpoint("ollama", baseUrl ?? Upstream.BaseUrl, apiKey, headers ?? new Dictionary<string, string>()),
            timeouts ?? ProviderFaultCases.Relaxed);

    protected static List<ChatMessage> Hi() => [new(ChatRole.User, "hi")];

    /// <summary>The whole stream for <paramref name="messages"/> (default: "hi") to <see cref="Model"/>.</summary>
    protected static Task<List<ChatResponseUpdate>> DrainAsync(IChatClient client, IEnumerable<ChatMessage>? messages = null, ChatOptions? options = null) =>
        ChatClientCalls.DrainAsync(client, messages ?? Hi(), options ?? new ChatOptions { ModelId = Model });
}
