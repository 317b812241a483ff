namespace OpenClaw.Testing;

/// <summary>
/// An OpenAI-compatible model server on a real loopback socket. Tests script its answers
/// (<see cref="Enqueue(FakeUpstreamResponse)"/>, <see cref="Responder"/>) and inspect what the gateway sent and whether
/// it hung up (<see cref="Requests"/>, <see cref="RecordedUpstreamRequest.Completion"/>).
/// A real socket, unlike TestServer, lets the gateway's own HttpClient, timeouts and
/// cancellation run exactly as in production.
/// </summary>
public sealed partial class FakeOpenAiUpstream : IAsyncDisposable
{
    public const string ChatCompletionsPath = "/v1/chat/completions";
    public const string ModelsPath = "/v1/models";

    private FakeUpstreamHost<FakeUpstreamResponse> _host = null!;

    private FakeOpenAiUpstream()
    {
    }

    /// <summary>e.g. <c>http://127.0.0.1:54321/v1</c>, no trailing slash: what a provider's base URL is set to.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public int Port => _host.Port;

    /// <summary>Listed by <c>GET /v1/models</c> and reported when a request names no model.</summary>
    public string ModelId { get; set; } = "fake-model";

    /// <summary>Consulted for chat requests when the queue is empty; a null result means the echo reply.</summary>
    public Func<RecordedUpstreamRequest, FakeUpstreamResponse?>? Responder { get; set; }

    /// <summary>A snapshot of every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedUpstreamRequest> Requests => _host.Requests;

    /// <summary>Chat completion requests only (what most assertions want).</summary>
    public IReadOnlyList<RecordedUpstreamRequest> ChatRequests =>
        [.. Requests.Where(r => r.Path == ChatCompletionsPath)];

    public int QueuedResponseCount => _host.QueuedCount;

    /// <summary>Starts a fake on an ephemeral loopback port.</summary>
    public static async Task<FakeOpenAiUpstream> StartAsync(CancellationToken cancellationToken = default)
    {
        var fake = new FakeOpenAiUpstream();
        fake._host = await FakeUpstreamHost<FakeUpstreamResponse>.StartAsync(
            nameof(FakeOpenAiUpstream), IsChat, fake.HandleAsync, cancellationToken);
        fake.BaseUrl = new Uri($"http://127.0.0.1:{fake.Port}/v1");
        return fake;
    }

    /// <summary>Queues a scripted answer for the next chat request that finds the queue non-empty.</summary>
    public void Enqueue(FakeUpstreamResponse response) => _host.Enqueue(response);

    /// <summary>Queues several scripted answers, in order.</summary>
    public void Enqueue(params FakeUpstreamResponse[] responses)
    {
        foreach (var response in responses)
        {
            Enqueue(response);
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> requests arrived and returns the count-th (1-based).</summary>
    public Task<RecordedUpstreamRequest> WaitForRequestAsync(int count) => _host.WaitForRequestAsync(count);

    /// <inheritdoc cref="WaitForRequestAsync(int)"/>
    public Task<RecordedUpstreamRequest> WaitForRequestAsync(int count, TimeSpan timeout) => _host.WaitForRequestAsync(count, timeout);

    /// <summary>Stops the server, cutting any request still hung or streaming.</summary>
    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
