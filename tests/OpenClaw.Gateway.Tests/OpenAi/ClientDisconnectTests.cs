using System.Diagnostics;
using System.Text.Json;
using OpenClaw.Core.Sessions;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.OpenAi;

/// <summary>A client that goes away cancels the run and the upstream request (http-api.md §4.15), on real sockets.</summary>
public sealed class ClientDisconnectTests : IAsyncLifetime
{
    private FakeOpenAiUpstream _upstream = null!;
    private KestrelGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeOpenAiUpstream.StartAsync();
        _gateway = await KestrelGateway.StartAsync(TestConfigs.Upstream(_upstream.BaseUrl));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task Streaming_DisconnectMidStream_CancelsTheUpstream_AndPersistsThePartialTurn()
    {
        // Arrange: two chunks, then the upstream hangs.
        _upstream.Enqueue(FakeUpstreamResponse.HangAfter("partial ", "answer "));
        using var client = _gateway.CreateHangingUpClient();
        using var cts = new CancellationTokenSource();
        var request = HttpTestExtensions.Request(HttpMethod.Post, HttpTestExtensions.ChatPath,
            HttpTestExtensions.ChatBody("hang", "openclaw/main", stream: true, extra: "\"user\":\"leaver\","));
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        while (await reader.ReadLineAsync(cts.Token) is { } line && !line.Contains("\"partial\"", StringComparison.Ordinal))
        {
        }

        // Act
        var cancelledAt = Stopwatch.GetTimestamp();
        cts.Cancel();
        response.Dispose();

        // Assert
        var outcome = await _upstream.ChatRequests[0].WaitForCompletionAsync(TimeSpan.FromSeconds(5));
        outcome.IsClientAborted.Should().BeTrue();
        Stopwatch.GetElapsedTime(cancelledAt).Should().BeLessThan(TimeSpan.FromSeconds(5));
        var store = _gateway.App.Services.GetRequiredService<ISessionStore>();
        SessionEntry? session = null;
        await Eventually.TrueAsync(async () => (session = await store.GetSessionAsync("agent:main:openai-user:leaver", CancellationToken.None)) is { AbortedLastRun: true });
        var entries = await store.ReadTranscriptAsync(session!.SessionId, CancellationToken.None);
        var last = JsonDocument.Parse(entries[^1].PayloadJson).RootElement.GetProperty("message");
        last.GetProperty("stopReason").GetString().Should().Be("aborted");
        last.GetProperty("content")[0].GetProperty("text").GetString().Should().Be("partial answer");
    }

    [Fact]
    public async Task NonStreaming_DisconnectBeforeTheFirstByte_CancelsTheUpstream()
    {
        // Arrange: the upstream never sends headers.
        _upstream.Enqueue(FakeUpstreamResponse.HangBeforeHeaders());
        using var client = _gateway.CreateHangingUpClient();
        using var cts = new CancellationTokenSource();
        var send = client.PostAsync(HttpTestExtensions.ChatPath, new StringContent(HttpTestExtensions.ChatBody("hang", "openclaw/main")), cts.Token);
        var upstreamRequest = await _upstream.WaitForRequestAsync(1);

        // Act
        cts.Cancel();
        var cancelledAt = Stopwatch.GetTimestamp();

        // Assert
        await FluentActions.Awaiting(() => send).Should().ThrowAsync<OperationCanceledException>();
        var outcome = await upstreamRequest.WaitForCompletionAsync(TimeSpan.FromSeconds(5));
        outcome.IsClientAborted.Should().BeTrue();
        Stopwatch.GetElapsedTime(cancelledAt).Should().BeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Streaming_DisconnectBeforeTheFirstToken_CancelsTheUpstream()
    {
        _upstream.Enqueue(FakeUpstreamResponse.HangBeforeHeaders());
        using var client = _gateway.CreateHangingUpClient();
        using var cts = new CancellationTokenSource();
        var response = await client.SendAsync(
            HttpTestExtensions.Request(HttpMethod.Post, HttpTestExtensions.ChatPath, HttpTestExtensions.ChatBody("hang", "openclaw/main", stream: true)),
            HttpCompletionOption.ResponseHeadersRead, cts.Token);
        var upstreamRequest = await _upstream.WaitForRequestAsync(1);

        cts.Cancel();
        response.Dispose();

        (await upstreamRequest.WaitForCompletionAsync(TimeSpan.FromSeconds(5))).IsClientAborted.Should().BeTrue();
    }
}
