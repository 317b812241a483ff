using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Sessions;
using OpenClaw.Gateway.OpenAi;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.OpenAi;

/// <summary>
/// A client that stops reading a long streamed answer (issue 11, item 4), on real loopback sockets at both ends: the
/// gateway stops reading the model while the client does not read, holds at most its byte bound, and delivers every
/// delta once the client resumes; a client that stalls past the run's timeout has the run aborted.
/// </summary>
public sealed class SlowReaderTests
{
    private const int Chunks = 40_000;
    private const int ChunkChars = 512;
    private const int WaitMs = 30_000;
    private static readonly TimeSpan Wait = TimeSpan.FromMilliseconds(WaitMs);

    [Fact]
    public async Task Streaming_ClientStopsReadingThenResumes_GetsEveryDeltaInOrder_WhileTheUpstreamWaits()
    {
        // Arrange: short provider deadlines, and a server-wide minimum data rate that a 6 s pause would violate, so
        // neither may mistake the paused client for a dead peer.
        await using var flood = await FakeFloodUpstream.StartAsync(Chunks, ChunkChars);
        await using var gateway = await KestrelGateway.StartAsync(
            TestConfigs.Upstream(flood.BaseUrl),
            new Dictionary<string, string?> { ["OpenClaw:Providers:ChunkTimeoutSeconds"] = "2", ["OpenClaw:Providers:SelfHostedTimeoutSeconds"] = "2" },
            services: s => s.Configure<KestrelServerOptions>(o => o.Limits.MinResponseDataRate = new MinDataRate(10 * 1024 * 1024, TimeSpan.FromSeconds(2))));
        var monitor = gateway.App.Services.GetRequiredService<ChatStreamMonitor>();
        using var client = gateway.CreateSmallWindowClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var response = await client.SendAsync(StreamRequest("flood"), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        var frames = new SseFrames();
        await frames.ReadAsync(reader, untilContentDeltas: 100, cts.Token);

        // Act: stop reading until the gateway holds the run and the upstream stands still, for 6 s at least.
        var stalledAt = Stopwatch.GetTimestamp();
        await Eventually.TrueAsync(() => Task.FromResult(monitor.WaitingRuns == 1), WaitMs);
        var upstreamStoppedAt = await UpstreamStandsStillAsync(flood);
        var stall = TimeSpan.FromSeconds(6.5) - Stopwatch.GetElapsedTime(stalledAt);
        if (stall > TimeSpan.Zero)
        {
            await Task.Delay(stall, cts.Token);
        }

        var upstreamAfterTheStall = flood.ChunksWritten;
        await frames.ReadAsync(reader, untilContentDeltas: int.MaxValue, cts.Token);

        // Assert
        upstreamStoppedAt.Should().BeLessThan(Chunks, "the upstream must have been held back, not drained into memory");
        upstreamAfterTheStall.Should().Be(upstreamStoppedAt);
        frames.Errors.Should().BeEmpty();
        frames.OutOfOrder.Should().BeNull();
        frames.ContentDeltas.Should().Be(Chunks);
        frames.FinishReasons.Should().Equal("stop");
        frames.Done.Should().BeTrue();
        flood.Requests.Should().ContainSingle();
        monitor.PeakBufferedBytes.Should().BeInRange(
            1024 * 1024, (1024 * 1024) + RunEventStream.BytesHeld(new AssistantDelta(new string('x', ChunkChars), 0)));
    }

    [Fact]
    public async Task Streaming_ClientStallsPastTheRunTimeout_TimesTheRunOut_CancelsTheUpstream_AndClosesTheConnection()
    {
        // Arrange: the run's timeout runs on a fake clock, moved on once the run is seen waiting for the client.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logs = new CapturingLoggerProvider();
        await using var flood = await FakeFloodUpstream.StartAsync(Chunks, ChunkChars);
        await using var gateway = await TimedGatewayAsync(flood, maxStreamBufferBytes: 64 * 1024, clock, logs);
        var monitor = gateway.App.Services.GetRequiredService<ChatStreamMonitor>();
        using var client = gateway.CreateSmallWindowClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var response = await client.SendAsync(StreamRequest("stall", user: "staller"), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        var frames = new SseFrames();
        await frames.ReadAsync(reader, untilContentDeltas: 1, cts.Token);
        await Eventually.TrueAsync(() => Task.FromResult(monitor.WaitingRuns == 1), WaitMs);
        await UpstreamStandsStillAsync(flood);
        monitor.WaitingRuns.Should().Be(1);

        // Act
        clock.Advance(TimeSpan.FromSeconds(31));

        // Assert: the upstream call is cancelled and the connection closed, without [DONE].
        (await flood.Requests[0].WaitForCompletionAsync(Wait)).IsClientAborted.Should().BeTrue();
        await FluentActions.Awaiting(() => frames.ReadAsync(reader, untilContentDeltas: int.MaxValue, cts.Token)).Should().ThrowAsync<IOException>();
        frames.Done.Should().BeFalse();
        var store = gateway.App.Services.GetRequiredService<ISessionStore>();
        SessionEntry? session = null;
        await Eventually.TrueAsync(
            async () => (session = await store.GetSessionAsync("agent:main:openai-user:staller", CancellationToken.None)) is { AbortedLastRun: true }, WaitMs);
        var entries = await store.ReadTranscriptAsync(session!.SessionId, CancellationToken.None);
        JsonDocument.Parse(entries[^1].PayloadJson).RootElement.GetProperty("message").GetProperty("stopReason").GetString().Should().Be("aborted");
        // The run logs its end after the turn is stored: the row can be read before the line is written.
        await Eventually.TrueAsync(
            () => Task.FromResult(logs.Entries.Any(e => e.Level == LogLevel.Warning && e.EventId.Name == "RunFailed" && e.Message.Contains("(run_timeout)", StringComparison.Ordinal))),
            WaitMs);
        await Eventually.TrueAsync(
            () => Task.FromResult(logs.Entries.Any(e => e.Level == LogLevel.Warning && e.EventId.Id == 4201 && e.Message.Contains("stopped reading", StringComparison.Ordinal))),
            WaitMs);
        monitor.WaitingRuns.Should().Be(0);
    }

    [Fact]
    public async Task Streaming_ClientStopsReadingAfterTheRunEnded_ConnectionIsClosedAtTheStallLimit()
    {
        // Arrange: the whole answer fits in the gateway's queue, so the run ends normally while the client, which
        // stopped reading, still has megabytes of frames to take; only the per-write stall limit can end this response.
        var clock = new WatchedTimeProvider(DateTimeOffset.UtcNow);
        var logs = new CapturingLoggerProvider();
        await using var flood = await FakeFloodUpstream.StartAsync(Chunks, ChunkChars);
        await using var gateway = await TimedGatewayAsync(flood, maxStreamBufferBytes: 64 * 1024 * 1024, clock, logs);
        var store = gateway.App.Services.GetRequiredService<ISessionStore>();
        using var client = gateway.CreateSmallWindowClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var response = await client.SendAsync(StreamRequest("late", user: "late-staller"), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        var frames = new SseFrames();
        await frames.ReadAsync(reader, untilContentDeltas: 1, cts.Token);
        SessionEntry? session = null;
        await Eventually.TrueAsync(
            async () => (session = await store.GetSessionAsync("agent:main:openai-user:late-staller", CancellationToken.None)) is { } started
                && (await store.ReadTranscriptAsync(started.SessionId, CancellationToken.None)).Count == 2,
            WaitMs);

        var runner = gateway.App.Services.GetRequiredService<AgentRunner>();
        await Eventually.TrueAsync(() => Task.FromResult(runner.ActiveRuns == 0), WaitMs);

        // Act: the run is over (its answer is stored); the client still does not read, for longer than the run's
        // timeout. The clock moves once a write waits on its stall limit: one still moving when the clock jumps may
        // finish first and arm a fresh limit.
        await clock.AdvancePastArmedAsync(TimeSpan.FromSeconds(30), by: TimeSpan.FromSeconds(31), Wait);

        // Assert: the connection is closed without [DONE]; the run itself completed and was not aborted.
        await FluentActions.Awaiting(() => frames.ReadAsync(reader, untilContentDeltas: int.MaxValue, cts.Token)).Should().ThrowAsync<IOException>();
        frames.Done.Should().BeFalse();
        (await store.GetSessionAsync("agent:main:openai-user:late-staller", CancellationToken.None))!.AbortedLastRun.Should().BeFalse();

        // The cancelled write lets Kestrel drop the connection before the handler logs why.
        await Eventually.TrueAsync(() => Task.FromResult(logs.Entries.Any(e => e.Level == LogLevel.Warning && e.EventId.Id == 4201)), WaitMs);
    }

    /// <summary>A gateway on the flood whose runs time out after 30 s on <paramref name="clock"/>, logging to <paramref name="logs"/>.</summary>
    private static Task<KestrelGateway> TimedGatewayAsync(FakeFloodUpstream flood, int maxStreamBufferBytes, FakeTimeProvider clock, CapturingLoggerProvider logs) =>
        KestrelGateway.StartAsync(
            TestConfigs.Upstream(flood.BaseUrl, extraDefaults: "timeoutSeconds: 30,"),
            new Dictionary<string, string?> { ["OpenClaw:Http:MaxStreamBufferBytes"] = maxStreamBufferBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            services: s =>
            {
                s.AddSingleton<TimeProvider>(clock);
                s.AddSingleton<ILoggerProvider>(logs);
            });

    private static HttpRequestMessage StreamRequest(string text, string? user = null) => HttpTestExtensions.Request(
        HttpMethod.Post,
        HttpTestExtensions.ChatPath,
        HttpTestExtensions.ChatBody(text, "openclaw/main", stream: true, extra: user is null ? "" : $"\"user\":\"{user}\","));

    /// <summary>Polls the upstream's progress until it has not moved for a second; returns where it stopped.</summary>
    private static async Task<int> UpstreamStandsStillAsync(FakeFloodUpstream flood)
    {
        var deadline = Stopwatch.GetTimestamp();
        var last = -1;
        var since = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(deadline) < Wait)
        {
            var written = flood.ChunksWritten;
            if (written != last)
            {
                (last, since) = (written, Stopwatch.GetTimestamp());
            }
            else if (Stopwatch.GetElapsedTime(since) >= TimeSpan.FromSeconds(1))
            {
                return written;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"the upstream kept writing (at {flood.ChunksWritten} of {flood.ChunkCount} chunks)");
    }

    /// <summary>Reads the gateway's SSE frames and checks the content deltas against the flood's, one by one.</summary>
    private sealed class SseFrames
    {
        public int ContentDeltas { get; private set; }

        public List<string> FinishReasons { get; } = [];

        public List<string> Errors { get; } = [];

        public bool Done { get; private set; }

        /// <summary>The first delta that was not the next one expected, if any.</summary>
        public string? OutOfOrder { get; private set; }

        public async Task ReadAsync(StreamReader reader, int untilContentDeltas, CancellationToken cancellationToken)
        {
            while (!Done && ContentDeltas < untilContentDeltas && await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (!line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    continue;
                }

                var data = line["data: ".Length..];
                if (data == "[DONE]")
                {
                    Done = true;
                    return;
                }

                using var document = JsonDocument.Parse(data);
                Read(document.RootElement, data);
            }
        }

        private void Read(JsonElement frame, string data)
        {
            if (frame.TryGetProperty("error", out _))
            {
                Errors.Add(data);
                return;
            }

            var choice = frame.GetProperty("choices")[0];
            if (choice.GetProperty("finish_reason").GetString() is { } finish)
            {
                FinishReasons.Add(finish);
            }

            if (choice.GetProperty("delta").TryGetProperty("content", out var content) && content.GetString() is { Length: > 0 } text)
            {
                if (OutOfOrder is null && text != FakeFloodUpstream.Delta(ContentDeltas, ChunkChars))
                {
                    OutOfOrder = $"delta {ContentDeltas}: {text[..Math.Min(16, text.Length)]}";
                }

                ContentDeltas++;
            }
        }
    }
}
