using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;
using Xunit.Abstractions;

namespace OpenClaw.Gateway.Tests.Providers;

/// <summary>Runs alone, so the latencies it measures are the gateway's and not the test runner's load.</summary>
[CollectionDefinition(nameof(CancellationTimingCollection), DisableParallelization = true)]
public sealed class CancellationTimingCollection;

/// <summary>
/// A client disconnect cancels the in-flight upstream request within 100 ms (issue target; http-api.md §4.15 allows
/// 5 s), before the first byte and mid-stream, for every provider kind. Latency is from the client's cancel to the
/// moment the fake upstream's Kestrel signalled the closed connection; each case runs several times and the median
/// must be under 100 ms (the slowest under 1 s), so one scheduling hiccup on a shared CI machine does not decide.
/// </summary>
[Collection(nameof(CancellationTimingCollection))]
public sealed class CancellationTimingTests(ITestOutputHelper output)
{
    private const int Trials = 7;

    public static TheoryData<string> Apis() => new() { "openai-completions", "anthropic-messages", "ollama" };

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task NonStreaming_DisconnectWhileTheUpstreamHoldsItsHeaders_ClosesTheUpstreamWithin100Ms(string api)
    {
        await using var upstream = await FaultUpstream.StartAsync(api);
        await using var gateway = await StartGatewayAsync(upstream);
        var latencies = new List<TimeSpan>();
        for (var trial = 1; trial <= Trials; trial++)
        {
            upstream.Enqueue(UpstreamFault.HangBeforeHeaders, 1);
            using var client = gateway.CreateHangingUpClient();
            using var cts = new CancellationTokenSource();
            var send = client.PostAsync(HttpTestExtensions.ChatPath, new StringContent(HttpTestExtensions.ChatBody("hold", "openclaw/main")), cts.Token);
            var upstreamRequest = await upstream.WaitForRequestAsync(trial);

            var cancelledAt = DateTimeOffset.UtcNow;
            cts.Cancel();

            await FluentActions.Awaiting(() => send).Should().ThrowAsync<OperationCanceledException>();
            latencies.Add(await ClosedAfterAsync(upstreamRequest, cancelledAt));
        }

        AssertFast(latencies);
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task Streaming_DisconnectWhileTheUpstreamHoldsItsHeaders_ClosesTheUpstreamWithin100Ms(string api)
    {
        await using var upstream = await FaultUpstream.StartAsync(api);
        await using var gateway = await StartGatewayAsync(upstream);
        var latencies = new List<TimeSpan>();
        for (var trial = 1; trial <= Trials; trial++)
        {
            upstream.Enqueue(UpstreamFault.HangBeforeHeaders, 1);
            using var client = gateway.CreateHangingUpClient();
            var response = await client.SendAsync(
                HttpTestExtensions.Request(HttpMethod.Post, HttpTestExtensions.ChatPath, HttpTestExtensions.ChatBody("hold", "openclaw/main", stream: true)),
                HttpCompletionOption.ResponseHeadersRead);
            var upstreamRequest = await upstream.WaitForRequestAsync(trial);

            var cancelledAt = DateTimeOffset.UtcNow;
            response.Dispose();

            latencies.Add(await ClosedAfterAsync(upstreamRequest, cancelledAt));
        }

        AssertFast(latencies);
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public async Task Streaming_DisconnectMidStream_ClosesTheUpstreamWithin100Ms(string api)
    {
        await using var upstream = await FaultUpstream.StartAsync(api);
        await using var gateway = await StartGatewayAsync(upstream);
        var latencies = new List<TimeSpan>();
        for (var trial = 1; trial <= Trials; trial++)
        {
            upstream.Enqueue(UpstreamFault.HangMidStreamAfterText, 1);
            using var client = gateway.CreateHangingUpClient();
            var response = await client.SendAsync(
                HttpTestExtensions.Request(HttpMethod.Post, HttpTestExtensions.ChatPath, HttpTestExtensions.ChatBody("hold", "openclaw/main", stream: true)),
                HttpCompletionOption.ResponseHeadersRead);
            var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            while (await reader.ReadLineAsync() is { } line && !line.Contains("\"partial\"", StringComparison.Ordinal))
            {
            }

            var cancelledAt = DateTimeOffset.UtcNow;
            response.Dispose();

            latencies.Add(await ClosedAfterAsync(upstream.Calls[trial - 1], cancelledAt));
        }

        AssertFast(latencies);
    }

    private static Task<KestrelGateway> StartGatewayAsync(FaultUpstream upstream) =>
        KestrelGateway.StartAsync(TestConfigs.Upstream(upstream.BaseUrl, agents: "main", api: upstream.Api));

    private static async Task<TimeSpan> ClosedAfterAsync(RecordedUpstreamRequest request, DateTimeOffset cancelledAt)
    {
        var outcome = await request.WaitForCompletionAsync(TimeSpan.FromSeconds(5));
        outcome.IsClientAborted.Should().BeTrue();
        return outcome.ObservedAt - cancelledAt;
    }

    private void AssertFast(List<TimeSpan> latencies)
    {
        var sorted = latencies.Order().ToList();
        var report = string.Join(", ", sorted.Select(l => $"{l.TotalMilliseconds:F1} ms"));
        output.WriteLine($"client cancel → upstream closed: {report}");
        sorted[sorted.Count / 2].Should().BeLessThan(TimeSpan.FromMilliseconds(100), "the median close latency must meet the target ({0})", report);
        sorted[^1].Should().BeLessThan(TimeSpan.FromSeconds(1), "no close may be slow ({0})", report);
    }
}
