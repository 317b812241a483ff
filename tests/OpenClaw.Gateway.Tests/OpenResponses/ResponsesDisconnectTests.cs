using OpenClaw.Core.Sessions;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.OpenResponses;

/// <summary>A closed connection cancels the run and the provider request in both modes (http-api.md §6.13; checklist 23), on real sockets.</summary>
public sealed class ResponsesDisconnectTests : IAsyncLifetime
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
    public async Task NonStreaming_Disconnect_CancelsTheUpstream_AndPersistsTheAbortedTurn()
    {
        _upstream.Enqueue(FakeUpstreamResponse.HangBeforeHeaders());
        using var client = _gateway.CreateHangingUpClient();
        using var cts = new CancellationTokenSource();
        var send = client.SendAsync(
            HttpTestExtensions.Request(HttpMethod.Post, ResponsesHttp.Path, """{"model":"openclaw/main","input":"hang","user":"leaver"}"""), cts.Token);
        var upstreamRequest = await _upstream.WaitForRequestAsync(1);

        cts.Cancel();

        await FluentActions.Awaiting(() => send).Should().ThrowAsync<OperationCanceledException>();
        (await upstreamRequest.WaitForCompletionAsync(TimeSpan.FromSeconds(5))).IsClientAborted.Should().BeTrue();
        var store = _gateway.App.Services.GetRequiredService<ISessionStore>();
        await Eventually.TrueAsync(async () => await store.GetSessionAsync("agent:main:openresponses-user:leaver", CancellationToken.None) is { AbortedLastRun: true });
    }

    [Fact]
    public async Task Streaming_DisconnectMidStream_CancelsTheUpstream()
    {
        _upstream.Enqueue(FakeUpstreamResponse.HangAfter("partial ", "answer "));
        using var client = _gateway.CreateHangingUpClient();
        using var cts = new CancellationTokenSource();
        var response = await client.SendAsync(
            HttpTestExtensions.Request(HttpMethod.Post, ResponsesHttp.Path, """{"model":"openclaw/main","input":"hang","stream":true}"""),
            HttpCompletionOption.ResponseHeadersRead, cts.Token);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        while (await reader.ReadLineAsync(cts.Token) is { } line && !line.Contains("\"delta\":\"partial", StringComparison.Ordinal))
        {
        }

        cts.Cancel();
        response.Dispose();

        (await _upstream.ChatRequests[0].WaitForCompletionAsync(TimeSpan.FromSeconds(5))).IsClientAborted.Should().BeTrue();
    }
}
