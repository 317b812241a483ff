using System.Net;
using System.Text;
using OpenClaw.Gateway.Http;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.Http;

/// <summary>
/// The budget of request-body bytes in flight on real loopback Kestrel: a large body that does not fit is refused
/// with a 503, <c>Retry-After</c> and the OpenAI envelope, while small requests still go through.
/// </summary>
public sealed class RequestBodyBudgetTests
{
    private const int Mib = 1024 * 1024;

    [Fact]
    public async Task ChatCompletions_LargeBodyBeyondTheBudget_Is503WithRetryAfter_SmallOnesStillServed()
    {
        // Arrange: 3 MiB in flight at most; a 2 MiB request holds its share while its (hung) run lasts.
        await using var upstream = await FakeOpenAiUpstream.StartAsync();
        upstream.Enqueue(FakeUpstreamResponse.HangBeforeHeaders());
        upstream.Responder = _ => FakeUpstreamResponse.Text("small one");
        await using var gateway = await KestrelGateway.StartAsync(
            TestConfigs.Upstream(upstream.BaseUrl, agents: "main"),
            new Dictionary<string, string?> { ["OpenClaw:Http:MaxBodyBytesInFlight"] = (3 * Mib).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using var client = gateway.CreateClient();
        using var holder = new CancellationTokenSource();
        var holding = client.SendAsync(Post(BigBody(2 * Mib)), holder.Token);
        await upstream.WaitForRequestAsync(1);
        var budget = gateway.App.Services.GetRequiredService<BodyBudget>();

        // Act
        using var refused = await client.SendAsync(Post(BigBody(2 * Mib)));
        using var small = await client.PostRawAsync(HttpTestExtensions.ChatBody("hello", "openclaw"));

        // Assert
        refused.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        refused.Header("Retry-After").Should().Be("1");
        refused.Headers.ConnectionClose.Should().BeTrue();
        (await refused.Content.ReadAsStringAsync()).Should().Be(
            """{"error":{"message":"Gateway is busy: too many large request bodies in flight; retry later","type":"service_unavailable","code":"request_bodies_busy"}}""");
        small.StatusCode.Should().Be(HttpStatusCode.OK);
        budget.InFlight.Should().Be(2 * Mib);
        await holder.CancelAsync();
        await FluentActions.Awaiting(() => holding).Should().ThrowAsync<OperationCanceledException>();
        await Eventually.TrueAsync(() => Task.FromResult(budget.InFlight == 0));
    }

    private static HttpRequestMessage Post(byte[] body) => new(HttpMethod.Post, HttpTestExtensions.ChatPath)
    {
        Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } },
    };

    /// <summary>A chat request exactly <paramref name="bytes"/> long.</summary>
    private static byte[] BigBody(int bytes)
    {
        const string head = "{\"model\":\"openclaw\",\"messages\":[{\"role\":\"user\",\"content\":\"";
        const string tail = "\"}]}";
        return Encoding.UTF8.GetBytes(head + new string('x', bytes - head.Length - tail.Length) + tail);
    }
}
