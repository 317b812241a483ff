using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.Providers;

/// <summary>A fake Ollama and an in-memory gateway whose agent <c>main</c> runs on it through an <c>ollama</c> provider.</summary>
internal sealed class OllamaFixture : IAsyncDisposable
{
    public const string ModelId = "llama3.2";

    private OllamaFixture(FakeOllamaUpstream upstream, GatewayFactory gateway)
    {
        Upstream = upstream;
        Gateway = gateway;
    }

    public FakeOllamaUpstream Upstream { get; }

    public GatewayFactory Gateway { get; }

    /// <param name="baseUrlSuffix">Appended to the fake's root in the provider's <c>baseUrl</c> (e.g. a mistaken <c>/v1</c>).</param>
    public static async Task<OllamaFixture> StartAsync(string baseUrlSuffix = "")
    {
        var upstream = await FakeOllamaUpstream.StartAsync();
        return new OllamaFixture(upstream, new GatewayFactory(Config(upstream.BaseUrl.AbsoluteUri.TrimEnd('/') + baseUrlSuffix)));
    }

    public HttpClient CreateClient() => Gateway.CreateAuthorizedClient();

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Upstream.DisposeAsync();
    }

    /// <summary>The reference setup with its model on a local Ollama, keyless as Ollama usually is.</summary>
    private static string Config(string baseUrl) => $$"""
        {
          gateway: {
            mode: 'local',
            auth: { mode: 'token', token: '{{TestConfigs.Token}}' },
            http: { endpoints: { chatCompletions: { enabled: true } } },
          },
          agents: {
            defaults: { model: { primary: 'local/{{ModelId}}' }, heartbeat: { every: '0m' }, systemAgent: { agentId: 'main' } },
            entries: { main: { name: 'main' } },
          },
          models: {
            mode: 'replace',
            providers: {
              local: {
                baseUrl: '{{baseUrl}}', api: 'ollama',
                models: [{ id: '{{ModelId}}', name: 'Llama 3.2', reasoning: false, input: ['text'], contextWindow: 128000, maxTokens: 4096 }],
              },
            },
          },
          update: { checkOnStart: false },
        }
        """;
}
