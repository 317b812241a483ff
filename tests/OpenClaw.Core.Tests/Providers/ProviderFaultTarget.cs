using Microsoft.Extensions.AI;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Providers.Anthropic;
using OpenClaw.Core.Providers.Ollama;
using OpenClaw.Core.Providers.OpenAi;
using OpenClaw.Core.Tests.Support;
using OpenClaw.Testing;
using static OpenClaw.Core.Tests.Providers.Anthropic.AnthropicMessagesChatClientTests;

namespace OpenClaw.Core.Tests.Providers;

/// <summary>
/// One provider kind under <see cref="ProviderFaultTests"/>: its fake upstream on a loopback socket, its adapter on
/// the production <see cref="HttpClient"/>, and the scripts of its wire format. A fault is the same fault on every
/// kind; only how it is written (an SSE frame, an NDJSON line, the error body's shape) is the kind's.
/// </summary>
internal abstract class ProviderFaultTarget : IAsyncDisposable
{
    private readonly HeadersSignal _headers = new() { InnerHandler = ChatClientFactory.CreateHandler(ProviderFaultCases.Relaxed) };
    private readonly HttpClient _http;

    protected ProviderFaultTarget() => _http = new HttpClient(_headers) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>The <c>api</c> kinds the shared fault tests run on.</summary>
    public static readonly string[] Apis = ["openai-completions", "anthropic-messages", "ollama"];

    public static async Task<ProviderFaultTarget> StartAsync(string api)
    {
        ProviderFaultTarget target = api switch
        {
            "openai-completions" => new OpenAiTarget(),
            "anthropic-messages" => new AnthropicTarget(),
            "ollama" => new OllamaTarget(),
            _ => throw new ArgumentOutOfRangeException(nameof(api), api, "no fault target for this api"),
        };
        await target.StartUpstreamAsync();
        return target;
    }

    /// <summary>The requests of model calls the fake received.</summary>
    public abstract IReadOnlyList<RecordedUpstreamRequest> Calls { get; }

    /// <summary>The code a 429 in <see cref="RateLimitBody"/> carries as <see cref="ProviderException.Code"/>.</summary>
    public virtual string? RateLimitCode => null;

    /// <summary>What the adapter yields before <see cref="Malformed"/>'s broken event.</summary>
    public virtual IReadOnlyList<string> TextBeforeMalformed => [];

    /// <summary>Completes when the headers of the first response reached the adapter's connection pool.</summary>
    public Task FirstResponseHeaders => _headers.FirstResponse.Task;

    public abstract void Enqueue(FakeUpstreamScript script);

    public abstract Task<RecordedUpstreamRequest> WaitForRequestAsync(int count);

    /// <summary>
    /// The adapter, pointed at the fake (or at <paramref name="baseUrl"/>), its deadlines and <c>Retry-After</c>
    /// dates on <paramref name="time"/>.
    /// </summary>
    public abstract IChatClient Client(ProviderTimeouts timeouts, TimeProvider time, Uri? baseUrl = null);

    /// <summary>A base URL on <paramref name="port"/> in the form the kind is configured with.</summary>
    public abstract Uri BaseUrlOn(int port);

    public abstract FakeUpstreamScript Text(params string[] chunks);

    public abstract FakeUpstreamScript Error(int status, string? body = null, string? retryAfter = null);

    /// <summary>A 429 body in the provider's own shape, whose message is <paramref name="message"/>.</summary>
    public abstract string RateLimitBody(string message);

    public abstract FakeUpstreamScript HangBeforeHeaders();

    public abstract FakeUpstreamScript HangAfter(params string[] chunks);

    public abstract FakeUpstreamScript Drop();

    public abstract FakeUpstreamScript DropAfter(params string[] chunks);

    /// <summary>These chunks, then the end of the body without the event that finishes the answer.</summary>
    public abstract FakeUpstreamScript WithoutFinish(params string[] chunks);

    /// <summary>A stream with an event that is not valid JSON.</summary>
    public abstract FakeUpstreamScript Malformed();

    public virtual async ValueTask DisposeAsync()
    {
        await DisposeUpstreamAsync();
        _http.Dispose();
    }

    protected HttpClient Http => _http;

    protected abstract Task StartUpstreamAsync();

    protected abstract ValueTask DisposeUpstreamAsync();

    public override string ToString() => GetType().Name;

    private sealed class HeadersSignal : DelegatingHandler
    {
        public TaskCompletionSource FirstResponse { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            FirstResponse.TrySetResult();
            return response;
        }
    }

    private sealed class OpenAiTarget : ProviderFaultTarget
    {
        private FakeOpenAiUpstream _upstream = null!;

        public override IReadOnlyList<RecordedUpstreamRequest> Calls => _upstream.ChatRequests;

        public override string? RateLimitCode => "rate_limit_exceeded";

        public override void Enqueue(FakeUpstreamScript script) => _upstream.Enqueue((FakeUpstreamResponse)script);

        public override Task<RecordedUpstreamRequest> WaitForRequestAsync(int count) => _upstream.WaitForRequestAsync(count);

        public override IChatClient Client(ProviderTimeouts timeouts, TimeProvider time, Uri? baseUrl = null) =>
            new OpenAiCompletionsChatClient(Http, new OpenAiEndpoint("fake", baseUrl ?? _upstream.BaseUrl, "sk-test", new Dictionary<string, string>()), timeouts, time);

        public override Uri BaseUrlOn(int port) => new($"http://127.0.0.1:{port}/v1");

        public override FakeUpstreamScript Text(params string[] chunks) => FakeUpstreamResponse.Text(chunks);

        public override FakeUpstreamScript Error(int status, string? body = null, string? retryAfter = null) => FakeUpstreamResponse.Error(status, body, retryAfter);

        public override string RateLimitBody(string message) =>
            $$$"""{"error":{"message":"{{{message}}}","type":"rate_limit_error","code":"rate_limit_exceeded"}}""";

        public override FakeUpstreamScript HangBeforeHeaders() => FakeUpstreamResponse.HangBeforeHeaders();

        public override FakeUpstreamScript HangAfter(params string[] chunks) => FakeUpstreamResponse.HangAfter(chunks);

        public override FakeUpstreamScript Drop() => FakeUpstreamResponse.Drop();

        public override FakeUpstreamScript DropAfter(params string[] chunks) => FakeUpstreamResponse.DropAfter(chunks);

        public override FakeUpstreamScript WithoutFinish(params string[] chunks) => FakeUpstreamResponse.Text(chunks) with { OmitDone = true };

        public override FakeUpstreamScript Malformed() => FakeUpstreamResponse.Raw("data: {\"choices\":[\n\ndata: [DONE]\n\n");

        protected override async Task StartUpstreamAsync() => _upstream = await FakeOpenAiUpstream.StartAsync();

        protected override ValueTask DisposeUpstreamAsync() => _upstream.DisposeAsync();
    }

    private sealed class AnthropicTarget : ProviderFaultTarget
    {
        private FakeAnthropicUpstream _upstream = null!;

        public override IReadOnlyList<RecordedUpstreamRequest> Calls => _upstream.MessageRequests;

        public override void Enqueue(FakeUpstreamScript script) => _upstream.Enqueue((FakeAnthropicResponse)script);

        public override Task<RecordedUpstreamRequest> WaitForRequestAsync(int count) => _upstream.WaitForRequestAsync(count);

        public override IChatClient Client(ProviderTimeouts timeouts, TimeProvider time, Uri? baseUrl = null) =>
            new AnthropicMessagesChatClient(
                new AnthropicClientCache(Http, time).Get(new AnthropicEndpoint("fake", baseUrl ?? _upstream.BaseUrl, "sk-ant-test", new Dictionary<string, string>())), timeouts, time);

        public override Uri BaseUrlOn(int port) => new($"http://127.0.0.1:{port}");

        public override FakeUpstreamScript Text(params string[] chunks) => FakeAnthropicResponse.Text(chunks);

        public override FakeUpstreamScript Error(int status, string? body = null, string? retryAfter = null) => FakeAnthropicResponse.Error(status, body, retryAfter);

        public override string RateLimitBody(string message) =>
            $$$"""{"type":"error","error":{"type":"rate_limit_error","message":"{{{message}}}"}}""";

        public override FakeUpstreamScript HangBeforeHeaders() => FakeAnthropicResponse.HangBeforeHeaders();

        public override FakeUpstreamScript HangAfter(params string[] chunks) => FakeAnthropicResponse.HangAfter(chunks);

        public override FakeUpstreamScript Drop() => FakeAnthropicResponse.Drop();

        public override FakeUpstreamScript DropAfter(params string[] chunks) => FakeAnthropicResponse.DropAfter(chunks);

        public override FakeUpstreamScript WithoutFinish(params string[] chunks) => new FakeAnthropicResponse { Chunks = chunks, OmitMessageStop = true };

        public override FakeUpstreamScript Malformed() => FakeAnthropicResponse.Raw(
            Sse("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_de""") + Sse("message_stop", """{"type":"message_stop"}"""));

        protected override async Task StartUpstreamAsync() => _upstream = await FakeAnthropicUpstream.StartAsync();

        protected override ValueTask DisposeUpstreamAsync() => _upstream.DisposeAsync();
    }

    private sealed class OllamaTarget : ProviderFaultTarget
    {
        private FakeOllamaUpstream _upstream = null!;

        public override IReadOnlyList<RecordedUpstreamRequest> Calls => _upstream.ChatRequests;

        public override IReadOnlyList<string> TextBeforeMalformed => ["ok "];

        public override void Enqueue(FakeUpstreamScript script) => _upstream.Enqueue((FakeOllamaResponse)script);

        public override Task<RecordedUpstreamRequest> WaitForRequestAsync(int count) => _upstream.WaitForRequestAsync(count);

        public override IChatClient Client(ProviderTimeouts timeouts, TimeProvider time, Uri? baseUrl = null) =>
            new OllamaChatClient(Http, new OllamaEndpoint("ollama", baseUrl ?? _upstream.BaseUrl, null, new Dictionary<string, string>()), timeouts, time);

        public override Uri BaseUrlOn(int port) => new($"http://127.0.0.1:{port}");

        public override FakeUpstreamScript Text(params string[] chunks) => FakeOllamaResponse.Text(chunks);

        public override FakeUpstreamScript Error(int status, string? body = null, string? retryAfter = null) => FakeOllamaResponse.Error(status, body, retryAfter);

        public override string RateLimitBody(string message) => $$"""{"error":"{{message}}"}""";

        public override FakeUpstreamScript HangBeforeHeaders() => FakeOllamaResponse.HangBeforeHeaders();

        public override FakeUpstreamScript HangAfter(params string[] chunks) => FakeOllamaResponse.HangAfter(chunks);

        public override FakeUpstreamScript Drop() => FakeOllamaResponse.Drop();

        public override FakeUpstreamScript DropAfter(params string[] chunks) => FakeOllamaResponse.DropAfter(chunks);

        public override FakeUpstreamScript WithoutFinish(params string[] chunks) => FakeOllamaResponse.Text(chunks) with { OmitDone = true };

        public override FakeUpstreamScript Malformed() => FakeOllamaResponse.MalformedLine("ok ");

        protected override async Task StartUpstreamAsync() => _upstream = await FakeOllamaUpstream.StartAsync();

        protected override ValueTask DisposeUpstreamAsync() => _upstream.DisposeAsync();
    }
}
