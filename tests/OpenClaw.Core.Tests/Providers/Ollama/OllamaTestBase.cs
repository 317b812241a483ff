using Microsoft.Extensions.AI;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Providers.Ollama;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Providers.Ollama;

/// <summary>A fake Ollama on a loopback socket and the native adapter pointed at it.</summary>
public abstract class OllamaTestBase : IAsyncLifetime
{
    protected const string Model = "fake-model";

    // Generous limits for tests about other faults, so a loaded machine cannot turn them into timeouts.
    protected static readonly ProviderTimeouts Relaxed = new() { Connect = TimeSpan.FromSeconds(5), FirstByte = TimeSpan.FromSeconds(10), BetweenChunks = TimeSpan.FromSeconds(10) };

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
            timeouts ?? Relaxed);

    protected static List<ChatMessage> Hi() => [new(ChatRole.User, "hi")];

    protected static async Task<List<ChatResponseUpdate>> DrainAsync(IChatClient client, IEnumerable<ChatMessage>? messages = null, ChatOptions? options = null)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(messages ?? Hi(), options ?? new ChatOptions { ModelId = Model }))
        {
            updates.Add(update);
        }

        return updates;
    }

    /// <summary>Runs the call to its failure, collecting the text received before it; fails the test unless it is a <see cref="ProviderException"/>.</summary>
    protected static async Task<ProviderException> CaptureAsync(IChatClient client, List<string>? received = null)
    {
        var ex = await CaptureAnyAsync(client, CancellationToken.None, received).WaitAsync(TimeSpan.FromSeconds(10));
        return ex.Should().BeOfType<ProviderException>().Subject;
    }

    protected static async Task<Exception?> CaptureAnyAsync(IChatClient client, CancellationToken cancellationToken, List<string>? received = null, Action? onText = null)
    {
        try
        {
            await foreach (var update in client.GetStreamingResponseAsync(Hi(), new ChatOptions { ModelId = Model }, cancellationToken))
            {
                if (update.Text.Length > 0)
                {
                    received?.Add(update.Text);
                    onText?.Invoke();
                }
            }
        }
        catch (Exception ex)
        {
            return ex;
        }

        return null;
    }
}
