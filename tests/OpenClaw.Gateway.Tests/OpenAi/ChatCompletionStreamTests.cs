using Microsoft.AspNetCore.Http;
using OpenClaw.Core.Runs;
using OpenClaw.Gateway.OpenAi;

namespace OpenClaw.Gateway.Tests.OpenAi;

public sealed class ChatCompletionStreamTests
{
    [Fact]
    public void OnEvent_ClientTooFarBehind_FailsTheStreamInsteadOfDroppingDeltas()
    {
        // Arrange: nothing reads the queue, as with a client that stopped reading.
        var context = new DefaultHttpContext();
        var chat = new PreparedChat(new ChatCompletionRequest(), new AgentRunRequest { RunId = "chatcmpl_test", Message = "x" }, "openclaw");
        var stream = new ChatCompletionStream(context, chat, created: 0, keepAlive: TimeSpan.Zero);
        AgentEvent Delta(int i) => new("chatcmpl_test", i, 0, "agent:main:k", "main", "s", new AssistantDelta("x", 0));

        // Act
        for (var i = 1; i <= ChatCompletionStream.MaxPendingEvents; i++)
        {
            stream.OnEvent(Delta(i));
        }

        var beforeTheLimit = stream.Overflowed;
        stream.OnEvent(Delta(ChatCompletionStream.MaxPendingEvents + 1));

        // Assert
        beforeTheLimit.Should().BeFalse();
        stream.Overflowed.Should().BeTrue();
    }

    [Fact]
    public void OnEvent_LifecycleEvents_DoNotCountAgainstTheQueue()
    {
        var stream = new ChatCompletionStream(
            new DefaultHttpContext(),
            new PreparedChat(new ChatCompletionRequest(), new AgentRunRequest { RunId = "r", Message = "x" }, "openclaw"),
            created: 0,
            keepAlive: TimeSpan.Zero);

        for (var i = 0; i < ChatCompletionStream.MaxPendingEvents * 2; i++)
        {
            stream.OnEvent(new AgentEvent("r", i, 0, "k", "main", "s", new LifecycleStarted(0)));
        }

        stream.Overflowed.Should().BeFalse();
    }
}
