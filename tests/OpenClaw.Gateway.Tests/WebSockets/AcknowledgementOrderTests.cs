using System.Text.Json;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.WebSockets;

/// <summary>
/// The first response of a run-starting request precedes every event of that run on the requesting socket: <c>agent</c>'s
/// <c>accepted</c> (gateway-protocol.md §4.4) and <c>chat.send</c>'s <c>started</c> (§6.5, "acknowledged at once").
/// A response echoes its request id, so a multi-megabyte id makes framing the response take longer than an echo run
/// needs to publish its <c>lifecycle start</c>: a gateway that starts the run before queuing the response loses that
/// race nearly every time here, where production lost it about one run in eight.
/// </summary>
public sealed class AcknowledgementOrderTests : IAsyncLifetime
{
    private const int Runs = 6;
    private const int LongIdChars = 1024 * 1024;

    private KestrelGateway _gateway = null!;
    private WsTestClient _client = null!;

    public async Task InitializeAsync()
    {
        _gateway = await WsGateway.StartAsync();
        _client = await WsTestClient.ConnectedAsync(_gateway);
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task Agent_ResponseSlowToFrame_AcceptedStillPrecedesEveryEventOfItsRun()
    {
        var late = new List<string>();
        for (var i = 1; i <= Runs; i++)
        {
            // Arrange
            var runId = $"order-agent-{i}";
            var requestId = LongId(i);

            // Act
            await _client.SendRequestAsync("agent", $$"""{"message":"fast","idempotencyKey":"{{runId}}","sessionKey":"{{runId}}"}""", requestId);
            (await _client.ResponseAsync(requestId)).GetProperty("payload").Str("status").Should().Be("accepted");
            (await _client.ResponseAsync(requestId)).GetProperty("payload").Str("status").Should().Be("ok");
            await _client.WaitForRunEndAsync(runId);
            late.AddRange(LateAcknowledgement(requestId, runId));
        }

        // Assert
        late.Should().BeEmpty("the accepted response is queued before the run can publish anything (§4.4)");
    }

    [Fact]
    public async Task ChatSend_ResponseSlowToFrame_StartedStillPrecedesEveryEventOfItsRun()
    {
        var late = new List<string>();
        for (var i = 1; i <= Runs; i++)
        {
            // Arrange
            var runId = $"order-chat-{i}";
            var requestId = LongId(i);

            // Act
            await _client.SendRequestAsync("chat.send", $$"""{"message":"fast","idempotencyKey":"{{runId}}","sessionKey":"{{runId}}"}""", requestId);
            (await _client.ResponseAsync(requestId)).GetProperty("payload").Str("status").Should().Be("started");
            await _client.WaitForChatDoneAsync(runId);
            await _client.WaitForRunEndAsync(runId);
            late.AddRange(LateAcknowledgement(requestId, runId));
        }

        // Assert
        late.Should().BeEmpty("chat.send is acknowledged before its run can publish anything (§6.5)");
    }

    private static string LongId(int run) => $"{run}-{new string('x', LongIdChars)}";

    /// <summary>A description of the run when an event of it arrived before the request's first response.</summary>
    private IEnumerable<string> LateAcknowledgement(string requestId, string runId)
    {
        var frames = _client.Frames;
        var acknowledged = IndexOf(frames, f => f.Str("type") == "res" && f.Str("id") == requestId);
        var firstEvent = IndexOf(frames, f => f.Str("type") == "event" && f.TryGetProperty("payload", out var p) && p.Str("runId") == runId);
        firstEvent.Should().BeGreaterThanOrEqualTo(0, $"run {runId} published events");
        if (acknowledged > firstEvent)
        {
            yield return $"{runId}: response at frame {acknowledged}, first event at frame {firstEvent}: {frames[firstEvent].GetRawText()}";
        }
    }

    private static int IndexOf(IReadOnlyList<JsonElement> frames, Func<JsonElement, bool> match)
    {
        for (var i = 0; i < frames.Count; i++)
        {
            if (match(frames[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
