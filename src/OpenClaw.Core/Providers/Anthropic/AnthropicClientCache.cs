using System.Collections.Concurrent;
using Anthropic;
using Anthropic.Core;

namespace OpenClaw.Core.Providers.Anthropic;

/// <summary>
/// One SDK client per endpoint. Building one is not cheap (options allocate their own HttpClient, read the
/// environment and, once per process, walk the loaded assemblies), so adapters reuse them. Entries are dropped,
/// never disposed: disposing an SDK client disposes the shared <see cref="HttpClient"/> it was given. A
/// <c>Retry-After</c> date is read against <paramref name="time"/> (the system clock by default).
/// </summary>
internal sealed class AnthropicClientCache(HttpClient httpClient, TimeProvider? time = null)
{
    // Only a config reload creates new endpoints; this bounds what reloads can leave behind.
    private const int MaxClients = 64;

    private readonly ConcurrentDictionary<string, IAnthropicClient> _clients = new(StringComparer.Ordinal);

    public IAnthropicClient Get(AnthropicEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (_clients.TryGetValue(endpoint.CacheKey, out var client))
        {
            return client;
        }

        if (_clients.Count >= MaxClients)
        {
            _clients.Clear();
        }

        return _clients.GetOrAdd(endpoint.CacheKey, static (_, state) => Create(state.HttpClient, state.Endpoint, state.Time), (HttpClient: httpClient, Endpoint: endpoint, Time: time ?? TimeProvider.System));
    }

    private static AnthropicClient Create(HttpClient httpClient, AnthropicEndpoint endpoint, TimeProvider time) => new(new ClientOptions
    {
        HttpClient = httpClient,
        Handlers = [new AnthropicWireHandler(endpoint, time)],
        BaseUrl = endpoint.BaseUrl.AbsoluteUri.TrimEnd('/'),

        // No SDK credentials: it would otherwise pick up ANTHROPIC_API_KEY/ANTHROPIC_AUTH_TOKEN from the environment.
        // The wire handler sends the configured key.
        ApiKey = null,
        AuthToken = null,

        // The runner retries (§5.6); the SDK must not retry behind its back.
        MaxRetries = 0,

        // Our first-byte and between-event deadlines apply; no SDK timeout may cut a long stream.
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,

        // The gateway owns its telemetry; SDK spans could record prompts.
        OpenTelemetry = new OpenTelemetryOptions { Traces = new OpenTelemetryTraces { Enabled = false } },
    });
}
