using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using OpenClaw.Core.Runs;
using OpenClaw.Gateway.OpenAi;

namespace OpenClaw.Gateway.Tests.OpenAi;

public sealed class ChatCompletionStreamTests
{
    private const int Bound = 64 * 1024;

    [Fact]
    public async Task OnEvent_ClientFallsBehindTheByteBound_HoldsTheRunInsteadOfFailingTheStream()
    {
        // Arrange: nothing drains the queue, as with a client that stopped reading.
        var stream = NewStream();
        var delta = new AssistantDelta(new string('x', 1000), 0);
        var perDelta = RunEventStream.BytesHeld(delta);
        var belowTheBound = (Bound / perDelta) - 1;
        for (var i = 0; i < belowTheBound; i++)
        {
            stream.OnEvent(Event(delta));
        }

        var roomBelowTheBound = stream.WaitForRoomAsync(CancellationToken.None);

        // Act
        stream.OnEvent(Event(delta));
        stream.OnEvent(Event(delta));
        var roomAtTheBound = stream.WaitForRoomAsync(CancellationToken.None).AsTask();

        // Assert: every delta kept, the run held; its own token (the run's timeout) lets it go.
        roomBelowTheBound.IsCompletedSuccessfully.Should().BeTrue();
        roomAtTheBound.IsCompleted.Should().BeFalse();
        stream.BufferedBytes.Should().Be((belowTheBound + 2) * perDelta);
        using var timeout = new CancellationTokenSource();
        await timeout.CancelAsync();
        await FluentActions.Awaiting(() => stream.WaitForRoomAsync(timeout.Token).AsTask()).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public void OnEvent_LifecycleEvents_TakeNoRoom()
    {
        // Arrange
        var stream = NewStream();

        // Act
        for (var i = 0; i < 10_000; i++)
        {
            stream.OnEvent(new AgentEvent("r", i, 0, "k", "main", "s", new LifecycleStarted(0)));
        }

        // Assert
        stream.BufferedBytes.Should().Be(0);
        stream.WaitForRoomAsync(CancellationToken.None).IsCompletedSuccessfully.Should().BeTrue();
    }

    [Fact]
    public void BytesHeld_CountsTheDeltaCharactersAndItsObjects()
    {
        RunEventStream.BytesHeld(new AssistantDelta("", 0)).Should().Be(RunEventStream.DeltaOverheadBytes);
        RunEventStream.BytesHeld(new AssistantDelta("hello", 0)).Should().Be(RunEventStream.DeltaOverheadBytes + 10);
    }

    private static ChatCompletionStream NewStream() => new(
        new DefaultHttpContext(),
        new PreparedChat(new ChatCompletionRequest(), new AgentRunRequest { RunId = "chatcmpl_test", Message = "x" }, "openclaw"),
        created: 0,
        new ChatStreamSettings(TimeSpan.Zero, Bound, new ChatStreamMonitor(NullLogger<ChatStreamMonitor>.Instance), TimeSpan.FromMinutes(10), TimeProvider.System));

    private static AgentEvent Event(AssistantDelta delta) => new("chatcmpl_test", 1, 0, "agent:main:k", "main", "s", delta);
}
