using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Sessions;
using OpenClaw.Gateway.Sessions;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Gateway.Tests.WebSockets;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.Sessions;

/// <summary>
/// <c>GET /sessions/{key}/history</c> as a live SSE stream (http-api.md §8a.3), on real loopback sockets against a fake
/// upstream model; the keep-alive clock is a <see cref="FakeTimeProvider"/> where time is the subject.
/// </summary>
public sealed class SessionHistoryStreamTests
{
    private const string SessionKey = "agent:main:openai-user:live";
    private const string Path = "/sessions/agent%3Amain%3Aopenai-user%3Alive/history";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("text/event-stream", true)]
    [InlineData("application/json, text/event-stream;q=0.5", true)]
    [InlineData("text/event-stream; charset=utf-8", true)]
    [InlineData("text/event-stream;q=0, text/event-stream;charset=utf-8;q=0.1", true)]
    [InlineData("nonsense;;, text/event-stream", true)]
    [InlineData(null, false)]
    [InlineData("*/*", false)]
    [InlineData("text/*", false)]
    [InlineData("text/event-stream;q=0", false)]
    [InlineData("text/event-stream;q=0, */*", false)]
    [InlineData("text/event-stream;charset=latin1", false)]
    [InlineData("application/json", false)]
    public async Task History_StreamsOnlyForAnExplicitEventStreamRange_WithPositiveQuality(string? accept, bool streams)
    {
        // Arrange
        await using var live = await LiveGateway.StartAsync();
        using var client = live.Gateway.CreateClient();

        // Act
        using var response = await OpenAsync(client, Path, accept);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().Should().Be(streams ? "text/event-stream; charset=utf-8" : "application/json; charset=utf-8");
    }

    [Theory]
    [InlineData(Path + "?limit=0", true, HttpStatusCode.BadRequest, """{"error":{"message":"limit must be a positive integer","type":"invalid_request_error"}}""")]
    [InlineData(Path + "?cursor=x", true, HttpStatusCode.BadRequest, """{"error":{"message":"cursor must be a positive integer","type":"invalid_request_error"}}""")]
    [InlineData("/sessions/nope/history", true, HttpStatusCode.NotFound, """{"ok":false,"error":{"type":"not_found","message":"Session not found: nope"}}""")]
    [InlineData(Path, false, HttpStatusCode.Unauthorized, """{"error":{"message":"Unauthorized","type":"unauthorized"}}""")]
    public async Task Stream_ChecksEverythingFirst_AndAnswersPlainHttpErrors(string path, bool authorized, HttpStatusCode status, string body)
    {
        // Arrange
        await using var live = await LiveGateway.StartAsync();
        using var client = live.Gateway.CreateClient(authorized ? TestConfigs.Token : null);

        // Act
        using var response = await OpenAsync(client, path);

        // Assert
        response.StatusCode.Should().Be(status);
        (await response.Content.ReadAsStringAsync()).Should().Be(body);
        live.Feed.SubscriberCount.Should().Be(0);
    }

    [Fact]
    public async Task Stream_SendsRetryThenTheSnapshot_ThenAMessageEventPerMessageARunAppends()
    {
        // Arrange
        await using var live = await LiveGateway.StartAsync();
        using var client = live.Gateway.CreateClient();
        var json = await (await client.GetAsync(Path)).Content.ReadAsStringAsync();
        using var response = await OpenAsync(client, Path);
        var sse = await SseReader.OpenAsync(response);

        // Act
        var retry = await sse.NextAsync();
        var snapshot = await sse.NextAsync();
        await live.Gateway.HttpChatAsync("live", "second");
        var question = await sse.NextAsync();
        var answer = await sse.NextAsync();

        // Assert: headers as §4.12, the snapshot equals the JSON answer, then one event per appended message.
        response.Headers.CacheControl!.NoCache.Should().BeTrue();
        response.Headers.Connection.Should().Contain("keep-alive");
        retry!.Raw.Should().Be("retry: 1000");
        snapshot!.Event.Should().Be("history");
        snapshot.Data.Should().Be(json);
        var entries = await live.TranscriptAsync();
        question!.Event.Should().Be("message");
        question.Json.GetRawText().Should().StartWith("""{"sessionKey":"agent:main:openai-user:live","message":{"role":"user","content":"second",""")
            .And.EndWith($$""","messageId":"{{entries[2].EntryId}}","messageSeq":3}""");
        answer!.Event.Should().Be("message");
        answer.Json.GetProperty("message").GetProperty("role").GetString().Should().Be("assistant");
        answer.Json.GetProperty("message").GetProperty("content")[0].GetProperty("text").GetString().Should().Be("echo: second");
        answer.Json.GetProperty("messageId").GetString().Should().Be(entries[3].EntryId);
        answer.Json.GetProperty("messageSeq").GetInt64().Should().Be(4);
    }

    [Theory]
    [InlineData("?limit=2", "second,echo: second", true)]
    [InlineData("?cursor=3", "first,echo: first", false)]
    public async Task Stream_WithLimitOrCursor_SendsAFreshSnapshotOfThatPage_NotMessageEvents(string query, string expected, bool hasMore)
    {
        // Arrange
        await using var live = await LiveGateway.StartAsync();
        using var client = live.Gateway.CreateClient();
        using var response = await OpenAsync(client, Path + query);
        var sse = await SseReader.OpenAsync(response);
        await sse.NextAsync();
        var first = await sse.NextAsync();

        // Act
        await live.Gateway.HttpChatAsync("live", "second");
        var updates = new List<SseBlock>();
        do
        {
            updates.Add((await sse.NextAsync())!);
        }
        while (string.Join(",", Texts(updates[^1].Json.GetProperty("items"))) != expected);

        // Assert
        string.Join(",", Texts(first!.Json.GetProperty("items"))).Should().Be("first,echo: first");
        updates.Select(u => u.Event).Should().AllBe("history");
        updates[^1].Json.GetProperty("sessionKey").GetString().Should().Be(SessionKey);
        updates[^1].Json.GetProperty("hasMore").GetBoolean().Should().Be(hasMore);
    }

    [Fact]
    public async Task Stream_WritesAKeepAliveEvery15Seconds()
    {
        // Arrange
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var live = await LiveGateway.StartAsync(clock);
        using var client = live.Gateway.CreateClient();
        using var response = await OpenAsync(client, Path);
        var sse = await SseReader.OpenAsync(response);
        await sse.NextAsync();
        await sse.NextAsync();

        // Act
        clock.Advance(TimeSpan.FromSeconds(15));
        var first = await sse.NextAsync();
        clock.Advance(TimeSpan.FromSeconds(15));
        var second = await sse.NextAsync();

        // Assert
        first!.Raw.Should().Be(": keepalive");
        second!.Raw.Should().Be(": keepalive");
    }

    [Fact]
    public async Task Stream_EndsWithoutAnotherEvent_OnceAConfigReloadRotatedTheToken()
    {
        // Arrange
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var live = await LiveGateway.StartAsync(clock);
        using var client = live.Gateway.CreateClient();
        using var response = await OpenAsync(client, Path);
        var sse = await SseReader.OpenAsync(response);
        await sse.NextAsync();
        await sse.NextAsync();
        clock.Advance(TimeSpan.FromSeconds(15));
        var stillAuthorized = await sse.NextAsync();

        // Act
        await File.WriteAllTextAsync(live.Gateway.ConfigPath, live.Config.Replace(TestConfigs.Token, "rotated-token-9876543210", StringComparison.Ordinal));
        live.Gateway.App.Services.GetRequiredService<ReloadingConfigSource>().Reload().Should().BeTrue();
        clock.Advance(TimeSpan.FromSeconds(15));

        // Assert
        stillAuthorized!.Raw.Should().Be(": keepalive");
        (await sse.NextAsync()).Should().BeNull("the stream ends without a further event");
        await Eventually.TrueAsync(() => Task.FromResult(live.Feed.SubscriberCount == 0));
    }

    [Fact]
    public async Task Stream_ClientDisconnect_Unsubscribes()
    {
        // Arrange
        await using var live = await LiveGateway.StartAsync();
        var client = live.Gateway.CreateClient();
        var response = await OpenAsync(client, Path);
        var sse = await SseReader.OpenAsync(response);
        await sse.NextAsync();
        await sse.NextAsync();
        var subscribed = live.Feed.SubscriberCount;

        // Act
        response.Dispose();
        client.Dispose();

        // Assert
        subscribed.Should().Be(1);
        await Eventually.TrueAsync(() => Task.FromResult(live.Feed.SubscriberCount == 0));
    }

    [Fact]
    public async Task Stream_Shutdown_EndsTheResponse()
    {
        // Arrange
        await using var live = await LiveGateway.StartAsync();
        using var client = live.Gateway.CreateClient();
        using var response = await OpenAsync(client, Path);
        var sse = await SseReader.OpenAsync(response);
        await sse.NextAsync();
        await sse.NextAsync();

        // Act
        await live.Gateway.App.StopAsync().WaitAsync(Wait);

        // Assert
        (await sse.NextAsync()).Should().BeNull();
        live.Feed.SubscriberCount.Should().Be(0);
    }

    [Fact]
    public async Task Stream_AClientThatNeverReads_HoldsNoMoreThanTheFeedBound_AndIsClosedAtTheStallLimit()
    {
        // Arrange: a transcript whose snapshot (about 20 MB) is far more than the sockets' buffers can take.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logs = new CapturingLoggerProvider();
        await using var live = await LiveGateway.StartAsync(clock, logs);
        await live.AppendAsync(count: 1200, textChars: 8000);
        using var client = live.Gateway.CreateSmallWindowClient();
        using var response = await OpenAsync(client, Path);
        var streams = live.Gateway.App.Services.GetRequiredService<SessionHistoryStreams>();
        await Eventually.TrueAsync(() => Task.FromResult(streams.WaitingWrites == 1));

        // Act: 4 MB more is appended while the client reads nothing.
        for (var i = 0; i < 20; i++)
        {
            await live.AppendAsync(count: 1, textChars: 100_000);
        }

        // Assert: the subscriber lagged rather than hold it all, and the stalled write ends the stream.
        live.Feed.LagCount.Should().BeGreaterThanOrEqualTo(1);
        live.Feed.PeakPendingBytes.Should().BeLessThanOrEqualTo(TranscriptFeed.DefaultMaxPendingBytes);
        await Eventually.TrueAsync(() =>
        {
            // A slice may still have been on its way when the clock moved; the next one then waits from the new time.
            clock.Advance(SessionHistoryStream.StallLimit);
            return Task.FromResult(live.Feed.SubscriberCount == 0);
        });
        logs.Entries.Should().Contain(e => e.Level == LogLevel.Warning && e.EventId.Name == "HistoryStreamClientStalled");
    }

    private static async Task<HttpResponseMessage> OpenAsync(HttpClient client, string path, string? accept = "text/event-stream")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    private static IEnumerable<string> Texts(JsonElement messages) => messages.EnumerateArray().Select(m =>
        m.GetProperty("content") is { ValueKind: JsonValueKind.String } text
            ? text.GetString()!
            : string.Concat(m.GetProperty("content").EnumerateArray().Select(b => b.GetProperty("text").GetString())));

    /// <summary>A gateway on a fake upstream whose session <see cref="SessionKey"/> has had one turn ("first").</summary>
    private sealed class LiveGateway : IAsyncDisposable
    {
        private LiveGateway(FakeOpenAiUpstream upstream, KestrelGateway gateway, string config)
        {
            Upstream = upstream;
            Gateway = gateway;
            Config = config;
        }

        public FakeOpenAiUpstream Upstream { get; }

        public KestrelGateway Gateway { get; }

        public string Config { get; }

        public TranscriptFeed Feed => Gateway.App.Services.GetRequiredService<TranscriptFeed>();

        public static async Task<LiveGateway> StartAsync(FakeTimeProvider? clock = null, CapturingLoggerProvider? logs = null)
        {
            var upstream = await FakeOpenAiUpstream.StartAsync();
            var config = TestConfigs.Upstream(upstream.BaseUrl, agents: "main");
            var gateway = await KestrelGateway.StartAsync(config, services: s =>
            {
                if (clock is not null)
                {
                    s.AddSingleton<TimeProvider>(clock);
                }

                if (logs is not null)
                {
                    s.AddSingleton<ILoggerProvider>(logs);
                }
            });
            await gateway.HttpChatAsync("live", "first");
            return new LiveGateway(upstream, gateway, config);
        }

        public async Task<IReadOnlyList<TranscriptEntry>> TranscriptAsync()
        {
            var store = Gateway.App.Services.GetRequiredService<ISessionStore>();
            var session = await store.GetSessionAsync(SessionKey, CancellationToken.None);
            return await store.ReadTranscriptAsync(session!.SessionId, CancellationToken.None);
        }

        /// <summary>Appends <paramref name="count"/> user messages straight through the store, as a run's write would.</summary>
        public async Task AppendAsync(int count, int textChars)
        {
            var store = Gateway.App.Services.GetRequiredService<ISessionStore>();
            var entries = await TranscriptAsync();
            var next = entries[^1].Seq + 1;
            var text = new string('x', textChars);
            var appended = Enumerable.Range(0, count).Select(i => new TranscriptEntry(
                entries[0].SessionId, next + i, $"bulk{next + i:D8}", null, "message", "2026-01-01T00:00:00.000Z",
                $$$"""{"type":"message","message":{"role":"user","content":"{{{text}}}","timestamp":1}}""")).ToList();
            await store.WriteAsync(new SessionWrite { Entries = appended }, CancellationToken.None);
        }

        public async ValueTask DisposeAsync()
        {
            await Gateway.DisposeAsync();
            await Upstream.DisposeAsync();
        }
    }

    /// <summary>One SSE block (the lines up to a blank line).</summary>
    private sealed record SseBlock(IReadOnlyList<string> Lines)
    {
        public string Raw => string.Join("\n", Lines);

        public string? Event => Lines.FirstOrDefault(l => l.StartsWith("event: ", StringComparison.Ordinal))?["event: ".Length..];

        public string Data => string.Join("\n", Lines.Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l["data: ".Length..]));

        public JsonElement Json => JsonDocument.Parse(Data).RootElement;
    }

    private sealed class SseReader(StreamReader reader)
    {
        public static async Task<SseReader> OpenAsync(HttpResponseMessage response)
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            return new SseReader(new StreamReader(await response.Content.ReadAsStreamAsync()));
        }

        /// <summary>The next block, or null once the response has ended.</summary>
        public async Task<SseBlock?> NextAsync()
        {
            using var timeout = new CancellationTokenSource(Wait);
            var lines = new List<string>();
            while (await reader.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.Length > 0)
                {
                    lines.Add(line);
                }
                else if (lines.Count > 0)
                {
                    return new SseBlock(lines);
                }
            }

            return lines.Count > 0 ? new SseBlock(lines) : null;
        }
    }
}
