using System.Diagnostics;
using System.Net;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.Providers;

/// <summary>
/// Every fault of issue 3 on every provider kind, through <c>/v1/chat/completions</c> in both modes: the spec's
/// status and body (http-api.md §4.14), the number of upstream attempts of the retry policy (agent-runtime.md §5.6)
/// and the time it took. The gateway runs with 1 s first-byte and between-chunk timeouts and 20 ms retry pauses;
/// a provider's <c>Retry-After: 1</c> is honoured as given. A stall (no headers, or no chunk, in time) is not retried
/// on the same model; an unreadable stream is a 502 that says what was wrong; every 429 carries <c>Retry-After</c>.
/// </summary>
public abstract class ProviderFaultMatrixTests
{
    private const string Timeout408 = """{"error":{"message":"upstream provider timeout","type":"api_error"}}""";
    private const string Upstream502 = """{"error":{"message":"upstream provider error","type":"api_error"}}""";
    private const string RateLimit429 = """{"error":{"message":"429 slow down","type":"rate_limit_error"}}""";

    /// <summary>Fault, attempts, HTTP status of the JSON answer, its body, shortest plausible time (s).</summary>
    private static readonly (UpstreamFault Fault, int Attempts, int Status, string Body, double MinSeconds)[] Expectations =
    [
        (UpstreamFault.ServerError500, 3, 502, Upstream502, 0),
        (UpstreamFault.RateLimit429WithRetryAfter, 3, 429, RateLimit429, 2),
        (UpstreamFault.RateLimit429WithoutRetryAfter, 3, 429, RateLimit429, 0),
        (UpstreamFault.HangBeforeHeaders, 1, 408, Timeout408, 1),
        (UpstreamFault.HangMidStreamAfterText, 1, 408, Timeout408, 1),
        (UpstreamFault.ResetBeforeHeaders, 3, 408, Timeout408, 0),
        (UpstreamFault.ResetMidStreamAfterText, 1, 408, Timeout408, 0),
        (UpstreamFault.MalformedStream, 3, 502, """{"error":{"message":"upstream provider sent a malformed response: a stream event is not valid JSON","type":"api_error"}}""", 0),
        (UpstreamFault.EndsWithoutFinish, 3, 502, """{"error":{"message":"upstream provider sent a malformed response: the stream ended before the model finished its answer","type":"api_error"}}""", 0),
        (UpstreamFault.NonJsonBadGateway, 3, 502, Upstream502, 0),
        (UpstreamFault.NonJsonNotFound, 1, 404, """{"error":{"message":"404 upstream returned HTTP 404","type":"invalid_request_error"}}""", 0),
    ];

    public static TheoryData<UpstreamFault, bool> Cases()
    {
        var data = new TheoryData<UpstreamFault, bool>();
        foreach (var expectation in Expectations)
        {
            data.Add(expectation.Fault, false);
            data.Add(expectation.Fault, true);
        }

        return data;
    }

    /// <summary>The <c>api</c> kind under test; one class per kind lets xunit run the kinds in parallel.</summary>
    protected abstract string Api { get; }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Fault_MapsToTheSpecsAnswer_WithinThePolicysAttemptsAndTime(UpstreamFault fault, bool stream)
    {
        var api = Api;
        // Arrange: exactly the expected number of failures; one more call would be answered normally.
        var expected = Expectations.Single(e => e.Fault == fault);
        await using var upstream = await FaultUpstream.StartAsync(api);
        await using var gateway = new GatewayFactory(
            TestConfigs.Upstream(upstream.BaseUrl, agents: "main", api: api),
            new Dictionary<string, string?>
            {
                ["OpenClaw:Providers:FirstByteTimeoutSeconds"] = "1",
                ["OpenClaw:Providers:ChunkTimeoutSeconds"] = "1",
                ["OpenClaw:Providers:SelfHostedTimeoutSeconds"] = "1",
            });
        upstream.Enqueue(fault, expected.Attempts);
        var clock = Stopwatch.StartNew();

        // Act
        var response = await gateway.CreateAuthorizedClient().PostRawAsync(HttpTestExtensions.ChatBody("fault", "openclaw/main", stream: stream));
        var frames = stream ? await response.SseDataAsync() : null;
        var body = stream ? null : await response.Content.ReadAsStringAsync();
        var elapsed = clock.Elapsed;

        // Assert
        if (stream)
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            frames![^2].Should().Be(expected.Body, "the in-band frame carries the JSON answer's error object (§4.12 E)");
            frames[^1].Should().Be("[DONE]");
            frames.Count(f => f.StartsWith("{\"error\"", StringComparison.Ordinal)).Should().Be(1);
            frames.Should().NotContain(f => f.Contains("\"finish_reason\":\"stop\"", StringComparison.Ordinal));
        }
        else
        {
            ((int)response.StatusCode).Should().Be(expected.Status);
            body.Should().Be(expected.Body);
            if (expected.Status == 429)
            {
                // The provider's own value, else the wait the retry policy would make next (at least a second).
                response.Header("Retry-After").Should().Be("1");
            }
        }

        upstream.Attempts.Should().Be(expected.Attempts);
        elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(expected.MinSeconds * 0.95)).And.BeLessThan(TimeSpan.FromSeconds(expected.MinSeconds + 8));
    }
}

public sealed class OpenAiCompletionsFaultMatrixTests : ProviderFaultMatrixTests
{
    protected override string Api => "openai-completions";
}

public sealed class AnthropicMessagesFaultMatrixTests : ProviderFaultMatrixTests
{
    protected override string Api => "anthropic-messages";
}

public sealed class OllamaFaultMatrixTests : ProviderFaultMatrixTests
{
    protected override string Api => "ollama";
}
