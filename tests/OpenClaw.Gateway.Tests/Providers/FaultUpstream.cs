using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.Providers;

/// <summary>The upstream faults of issue 3's matrix, each scripted the same way on every provider kind.</summary>
public enum UpstreamFault
{
    ServerError500,
    RateLimit429WithRetryAfter,
    HangBeforeHeaders,
    HangMidStreamAfterText,
    ResetBeforeHeaders,
    ResetMidStreamAfterText,
    MalformedStream,
    EndsWithoutFinish,
    RateLimit429WithoutRetryAfter,
    NonJsonBadGateway,
    NonJsonNotFound,
}

/// <summary>
/// One fake upstream per <c>api</c> kind behind one scripting surface, so the fault matrix is written once for
/// <c>openai-completions</c>, <c>anthropic-messages</c> and <c>ollama</c>.
/// </summary>
internal abstract class FaultUpstream : IAsyncDisposable
{
    public const string RateLimitMessage = "slow down";

    public abstract string Api { get; }

    /// <summary>The provider's <c>baseUrl</c> as a user would configure it for this kind.</summary>
    public abstract Uri BaseUrl { get; }

    /// <summary>Model calls received so far.</summary>
    public int Attempts => Calls.Count;

    /// <summary>The model calls received so far, in order.</summary>
    public abstract IReadOnlyList<RecordedUpstreamRequest> Calls { get; }

    /// <summary>Completes when the <paramref name="count"/>-th request of any kind has arrived.</summary>
    public abstract Task<RecordedUpstreamRequest> WaitForRequestAsync(int count);

    public static async Task<FaultUpstream> StartAsync(string api) => api switch
    {
        "openai-completions" => new OpenAiFaults(await FakeOpenAiUpstream.StartAsync()),
        "anthropic-messages" => new AnthropicFaults(await FakeAnthropicUpstream.StartAsync()),
        "ollama" => new OllamaFaults(await FakeOllamaUpstream.StartAsync()),
        _ => throw new ArgumentOutOfRangeException(nameof(api), api, null),
    };

    /// <summary>Scripts <paramref name="fault"/> for the next <paramref name="times"/> calls; later calls answer normally.</summary>
    public abstract void Enqueue(UpstreamFault fault, int times);

    public abstract ValueTask DisposeAsync();

    private sealed class OpenAiFaults(FakeOpenAiUpstream fake) : FaultUpstream
    {
        public override string Api => "openai-completions";

        public override Uri BaseUrl => fake.BaseUrl;

        public override IReadOnlyList<RecordedUpstreamRequest> Calls => fake.ChatRequests;

        public override Task<RecordedUpstreamRequest> WaitForRequestAsync(int count) => fake.WaitForRequestAsync(count);

        public override void Enqueue(UpstreamFault fault, int times) => fake.Enqueue(Enumerable.Repeat(Script(fault), times).ToArray());

        public override ValueTask DisposeAsync() => fake.DisposeAsync();

        private static FakeUpstreamResponse Script(UpstreamFault fault) => fault switch
        {
            UpstreamFault.ServerError500 => FakeUpstreamResponse.Error(500),
            UpstreamFault.RateLimit429WithRetryAfter => FakeUpstreamResponse.Error(429, $$$"""{"error":{"message":"{{{RateLimitMessage}}}","type":"rate_limit_error"}}""", retryAfter: "1"),
            UpstreamFault.HangBeforeHeaders => FakeUpstreamResponse.HangBeforeHeaders(),
            UpstreamFault.HangMidStreamAfterText => FakeUpstreamResponse.HangAfter("partial ", "text"),
            UpstreamFault.ResetBeforeHeaders => FakeUpstreamResponse.Drop(),
            UpstreamFault.ResetMidStreamAfterText => FakeUpstreamResponse.DropAfter("partial ", "text"),
            UpstreamFault.MalformedStream => FakeUpstreamResponse.Raw("data: {not json\n\n", "text/event-stream"),
            UpstreamFault.EndsWithoutFinish => FakeUpstreamResponse.Raw("data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n", "text/event-stream"),
            UpstreamFault.RateLimit429WithoutRetryAfter => FakeUpstreamResponse.Error(429, $$$"""{"error":{"message":"{{{RateLimitMessage}}}","type":"rate_limit_error"}}"""),
            UpstreamFault.NonJsonBadGateway => new FakeUpstreamResponse { StatusCode = 502, ErrorBody = "Bad Gateway", ErrorContentType = "text/plain" },
            _ => new FakeUpstreamResponse { StatusCode = 404, ErrorBody = "<html>nope</html>", ErrorContentType = "text/html" },
        };
    }

    private sealed class AnthropicFaults(FakeAnthropicUpstream fake) : FaultUpstream
    {
        public override string Api => "anthropic-messages";

        public override Uri BaseUrl => fake.BaseUrl;

        public override IReadOnlyList<RecordedUpstreamRequest> Calls => fake.MessageRequests;

        public override Task<RecordedUpstreamRequest> WaitForRequestAsync(int count) => fake.WaitForRequestAsync(count);

        public override void Enqueue(UpstreamFault fault, int times) => fake.Enqueue(Enumerable.Repeat(Script(fault), times).ToArray());

        public override ValueTask DisposeAsync() => fake.DisposeAsync();

        private static FakeAnthropicResponse Script(UpstreamFault fault) => fault switch
        {
            UpstreamFault.ServerError500 => FakeAnthropicResponse.Error(500),
            UpstreamFault.RateLimit429WithRetryAfter => FakeAnthropicResponse.Error(429, $$$"""{"type":"error","error":{"type":"rate_limit_error","message":"{{{RateLimitMessage}}}"}}""", retryAfter: "1"),
            UpstreamFault.HangBeforeHeaders => FakeAnthropicResponse.HangBeforeHeaders(),
            UpstreamFault.HangMidStreamAfterText => FakeAnthropicResponse.HangAfter("partial ", "text"),
            UpstreamFault.ResetBeforeHeaders => FakeAnthropicResponse.Drop(),
            UpstreamFault.ResetMidStreamAfterText => FakeAnthropicResponse.DropAfter("partial ", "text"),
            UpstreamFault.MalformedStream => FakeAnthropicResponse.Raw("event: message_start\ndata: {not json\n\n", "text/event-stream"),
            UpstreamFault.EndsWithoutFinish => FakeAnthropicResponse.Raw(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"m\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":1,\"output_tokens\":0}}}\n\n",
                "text/event-stream"),
            UpstreamFault.RateLimit429WithoutRetryAfter => FakeAnthropicResponse.Error(429, $$$"""{"type":"error","error":{"type":"rate_limit_error","message":"{{{RateLimitMessage}}}"}}"""),
            UpstreamFault.NonJsonBadGateway => new FakeAnthropicResponse { StatusCode = 502, ErrorBody = "Bad Gateway", ErrorContentType = "text/plain" },
            _ => new FakeAnthropicResponse { StatusCode = 404, ErrorBody = "<html>nope</html>", ErrorContentType = "text/html" },
        };
    }

    private sealed class OllamaFaults(FakeOllamaUpstream fake) : FaultUpstream
    {
        public override string Api => "ollama";

        public override Uri BaseUrl => fake.BaseUrl;

        public override IReadOnlyList<RecordedUpstreamRequest> Calls => fake.ChatRequests;

        public override Task<RecordedUpstreamRequest> WaitForRequestAsync(int count) => fake.WaitForRequestAsync(count);

        public override void Enqueue(UpstreamFault fault, int times) => fake.Enqueue(Enumerable.Repeat(Script(fault), times).ToArray());

        public override ValueTask DisposeAsync() => fake.DisposeAsync();

        private static FakeOllamaResponse Script(UpstreamFault fault) => fault switch
        {
            UpstreamFault.ServerError500 => FakeOllamaResponse.Error(500),
            UpstreamFault.RateLimit429WithRetryAfter => FakeOllamaResponse.Error(429, $$$"""{"error":"{{{RateLimitMessage}}}"}""", retryAfter: "1"),
            UpstreamFault.HangBeforeHeaders => FakeOllamaResponse.HangBeforeHeaders(),
            UpstreamFault.HangMidStreamAfterText => FakeOllamaResponse.HangAfter("partial ", "text"),
            UpstreamFault.ResetBeforeHeaders => FakeOllamaResponse.Drop(),
            UpstreamFault.ResetMidStreamAfterText => FakeOllamaResponse.DropAfter("partial ", "text"),
            UpstreamFault.MalformedStream => FakeOllamaResponse.Raw("{not json\n", "application/x-ndjson"),
            UpstreamFault.EndsWithoutFinish => FakeOllamaResponse.Raw("{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":false}\n", "application/x-ndjson"),
            UpstreamFault.RateLimit429WithoutRetryAfter => FakeOllamaResponse.Error(429, $$$"""{"error":"{{{RateLimitMessage}}}"}"""),
            UpstreamFault.NonJsonBadGateway => new FakeOllamaResponse { StatusCode = 502, ErrorBody = "Bad Gateway", ErrorContentType = "text/plain" },
            _ => new FakeOllamaResponse { StatusCode = 404, ErrorBody = "<html>nope</html>", ErrorContentType = "text/html" },
        };
    }
}
