using System.Net;
using OpenClaw.Core.Runs;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.Http;

/// <summary>Bounded work per caller on the HTTP API: the run queue's cap and the optional request rate limit.</summary>
public sealed class RequestLimitTests
{
    [Fact]
    public async Task ChatCompletions_WithTheRunQueueFull_Is503WithRetryAfter_AtOnce()
    {
        // Arrange: one slot, held by a run on a hung provider; one more run may wait, and does.
        await using var upstream = await FakeOpenAiUpstream.StartAsync();
        upstream.Enqueue(FakeUpstreamResponse.HangBeforeHeaders(), FakeUpstreamResponse.Text("served"));
        await using var gateway = await KestrelGateway.StartAsync(
            TestConfigs.Upstream(upstream.BaseUrl, agents: "main", extraDefaults: "maxConcurrent: 1"),
            new Dictionary<string, string?> { ["OpenClaw:Runs:MaxQueuedRuns"] = "1" });
        var runner = gateway.App.Services.GetRequiredService<AgentRunner>();
        using var client = gateway.CreateClient();
        using var holder = new CancellationTokenSource();
        var holding = client.SendAsync(HttpTestExtensions.Request(HttpMethod.Post, HttpTestExtensions.ChatPath, HttpTestExtensions.ChatBody("first")), holder.Token);
        await upstream.WaitForRequestAsync(1);
        var waiting = client.PostRawAsync(HttpTestExtensions.ChatBody("second", extra: "\"user\":\"other\","));
        await Eventually.TrueAsync(() => Task.FromResult(runner.QueuedRuns == 1));

        // Act
        using var refused = await client.PostRawAsync(HttpTestExtensions.ChatBody("third", extra: "\"user\":\"third\","));
        using var refusedStream = await client.PostRawAsync(HttpTestExtensions.ChatBody("fourth", stream: true, extra: "\"user\":\"fourth\","));

        // Assert
        refused.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        refused.Header("Retry-After").Should().Be("5");
        (await refused.Content.ReadAsStringAsync()).Should().Be(
            """{"error":{"message":"the gateway is busy: 1 runs are already waiting for a slot","type":"service_unavailable","code":"queue_full"}}""");
        refusedStream.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, "a stream is refused before its 200 is sent");
        refusedStream.Header("Retry-After").Should().Be("5");
        await holder.CancelAsync();
        await FluentActions.Awaiting(() => holding).Should().ThrowAsync<OperationCanceledException>();
        using var served = await waiting;
        served.StatusCode.Should().Be(HttpStatusCode.OK, "the queued run is served once the slot frees");
    }

    [Fact]
    public async Task RateLimit_IsOffByDefault()
    {
        await using var gateway = await KestrelGateway.StartAsync(TestConfigs.EchoOnly);
        using var client = gateway.CreateClient();

        for (var i = 0; i < 30; i++)
        {
            (await client.GetAsync("/v1/models")).StatusCode.Should().Be(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task RateLimit_AnExhaustedClient_Gets429WithRetryAfter_InTheOpenAiEnvelope_AndProbesAreNotLimited()
    {
        // Arrange: two requests at once, then one every 30 s.
        await using var gateway = await KestrelGateway.StartAsync(TestConfigs.EchoOnly, new Dictionary<string, string?>
        {
            ["OpenClaw:RateLimit:RequestsPerMinute"] = "2",
        });
        using var client = gateway.CreateClient();

        // Act
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 2; i++)
        {
            statuses.Add((await client.PostRawAsync(HttpTestExtensions.ChatBody("hi"))).StatusCode);
        }

        using var limited = await client.PostRawAsync(HttpTestExtensions.ChatBody("hi"));
        using var probe = await client.GetAsync("/health");

        // Assert
        statuses.Should().Equal(HttpStatusCode.OK, HttpStatusCode.OK);
        limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        int.Parse(limited.Header("Retry-After"), System.Globalization.CultureInfo.InvariantCulture).Should().BeInRange(1, 30);
        (await limited.Content.ReadAsStringAsync()).Should().StartWith(
            """{"error":{"message":"Too many requests: this client may make 2 requests per minute. Retry after """)
            .And.EndWith(" s.\",\"type\":\"rate_limited\",\"code\":\"rate_limit_exceeded\"}}");
        probe.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RateLimit_PerCredential_GivesEachCredentialItsOwnBucket()
    {
        // Arrange: a wrong token is refused by auth before it can spend tokens of anyone's bucket.
        await using var gateway = await KestrelGateway.StartAsync(TestConfigs.EchoOnly, new Dictionary<string, string?>
        {
            ["OpenClaw:RateLimit:RequestsPerMinute"] = "1",
            ["OpenClaw:RateLimit:PartitionBy"] = "credential",
        });
        using var client = gateway.CreateClient();
        using var wrong = gateway.CreateClient("wrong-token");

        // Act
        var refusedByAuth = await wrong.GetAsync("/v1/models");
        var first = await client.GetAsync("/v1/models");
        var second = await client.GetAsync("/v1/models");

        // Assert
        refusedByAuth.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        first.StatusCode.Should().Be(HttpStatusCode.OK);
        second.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
    }

    [Theory]
    [InlineData("OpenClaw:RateLimit:PartitionBy", "user")]
    [InlineData("OpenClaw:RateLimit:RequestsPerMinute", "-1")]
    [InlineData("OpenClaw:Runs:MaxQueuedRuns", "0")]
    [InlineData("OpenClaw:WebSocket:MaxConnections", "0")]
    public async Task InvalidLimitSettings_StopStartup(string key, string value)
    {
        var starting = () => KestrelGateway.StartAsync(TestConfigs.EchoOnly, new Dictionary<string, string?> { [key] = value });

        (await starting.Should().ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>()).Which.Message.Should().Contain(key.Split(':')[^1]);
    }
}
