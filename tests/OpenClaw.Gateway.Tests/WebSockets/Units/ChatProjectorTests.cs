using System.Text.Json;
using OpenClaw.Core.Runs;
using OpenClaw.Gateway.WebSockets;

namespace OpenClaw.Gateway.Tests.WebSockets.Units;

/// <summary>The <c>chat</c> projection of run events (gateway-protocol.md §5.2).</summary>
public class ChatProjectorTests
{
    private readonly List<(JsonElement Payload, bool Droppable)> _emitted = [];

    [Fact]
    public void Deltas_WithinTheThrottle_AreHeldAndFlushedBeforeTheFinal()
    {
        // Arrange: a throttle no test outlives, so only the first delta goes out at once
        var projector = Projector(TimeSpan.FromHours(1));
        var deltas = Deltas(0, "echo:", " one", " two");

        // Act
        foreach (var e in deltas)
        {
            projector.OnEvent(e, anyListener: true);
        }

        projector.OnEvent(Event(5, new LifecycleEnded(1, 2, false, "stop")), anyListener: true);

        // Assert
        _emitted.Select(e => e.Payload.GetProperty("state").GetString()).Should().Equal("delta", "delta", "final");
        _emitted[0].Payload.GetProperty("deltaText").GetString().Should().Be("echo:");
        _emitted[1].Payload.GetProperty("deltaText").GetString().Should().Be(" one two");
        _emitted[1].Payload.GetProperty("seq").GetInt64().Should().Be(4, "a flushed delta carries the seq of the last agent event it covers");
        Text(_emitted[1].Payload).Should().Be("echo: one two");
        Text(_emitted[2].Payload).Should().Be("echo: one two");
        _emitted[2].Payload.GetProperty("stopReason").GetString().Should().Be("stop");
        _emitted.Select(e => e.Droppable).Should().Equal(true, true, false);
    }

    [Fact]
    public void Deltas_WithoutAThrottle_GoOutOneByOne_WithKeysInTheObservedOrder()
    {
        // Arrange
        var projector = Projector(TimeSpan.Zero);

        // Act
        foreach (var e in Deltas(0, "a", "b"))
        {
            projector.OnEvent(e, anyListener: true);
        }

        // Assert
        _emitted.Should().HaveCount(2);
        _emitted[1].Payload.EnumerateObject().Select(p => p.Name).Should().Equal("runId", "sessionKey", "agentId", "seq", "state", "deltaText", "message");
        Text(_emitted[1].Payload).Should().Be("ab");
    }

    [Fact]
    public void SecondAssistantMessage_IsJoinedWithABlankLine()
    {
        // Arrange
        var projector = Projector(TimeSpan.Zero);
        var first = Deltas(0, "Let me look.");
        var second = Deltas(1, "Found it.");

        // Act
        projector.OnEvent(first[0], anyListener: true);
        projector.OnEvent(second[0] with { Seq = 7 }, anyListener: true);
        projector.OnEvent(Event(8, new LifecycleEnded(1, 2, false, "stop")), anyListener: true);

        // Assert
        _emitted[1].Payload.GetProperty("deltaText").GetString().Should().Be("\n\nFound it.");
        Text(_emitted[2].Payload).Should().Be("Let me look.\n\nFound it.");
    }

    [Fact]
    public void AbortedRun_EndsWithAbortedAndThePartialText()
    {
        var projector = Projector(TimeSpan.Zero);
        projector.OnEvent(Deltas(0, "partial")[0], anyListener: true);

        projector.OnEvent(Event(3, new LifecycleEnded(1, 2, true, "aborted")), anyListener: true);

        var last = _emitted[^1].Payload;
        (last.GetProperty("state").GetString(), last.GetProperty("stopReason").GetString(), Text(last)).Should().Be(("aborted", "aborted", "partial"));
    }

    [Fact]
    public void FailedRun_EndsWithErrorMessage_AndATimeoutKind()
    {
        var projector = Projector(TimeSpan.Zero);

        projector.OnEvent(Event(2, new LifecycleFailed(1, 2, "Agent run timed out after 5s")), anyListener: true);

        var last = _emitted.Single().Payload;
        last.GetProperty("state").GetString().Should().Be("error");
        last.GetProperty("errorMessage").GetString().Should().Be("Agent run timed out after 5s");
        last.GetProperty("errorKind").GetString().Should().Be("timeout");
        last.TryGetProperty("message", out _).Should().BeFalse();
    }

    [Fact]
    public void NoListener_RunIsNotProjected_AndLeavesNoState()
    {
        var projector = Projector(TimeSpan.Zero);

        projector.OnEvent(Deltas(0, "quiet")[0], anyListener: false);

        _emitted.Should().BeEmpty();
        projector.ActiveRuns.Should().Be(0);
    }

    private ChatProjector Projector(TimeSpan throttle) =>
        new((payload, droppable) => _emitted.Add((JsonDocument.Parse(payload).RootElement.Clone(), droppable)), throttle, TimeProvider.System);

    private static string Text(JsonElement payload) =>
        payload.GetProperty("message").GetProperty("content")[0].GetProperty("text").GetString()!;

    private static AgentEvent Event(long seq, AgentEventData data) => new("run-1", seq, 1000 + seq, "agent:main:main", "main", "s-1", data);

    private static List<AgentEvent> Deltas(int messageIndex, params string[] parts)
    {
        var events = new List<AgentEvent>();
        AssistantDelta? previous = null;
        foreach (var part in parts)
        {
            previous = new AssistantDelta(part, messageIndex, previous);
            events.Add(Event(events.Count + 2, previous));
        }

        return events;
    }
}
