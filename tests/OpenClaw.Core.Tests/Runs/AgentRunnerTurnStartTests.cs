using System.Text.Json;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Sessions;
using OpenClaw.Core.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Runs;

/// <summary>
/// The turn's start write goes out with the model call, not before it: a refusal by the store (another writer appended
/// to the transcript) cancels the call and ends the run with <c>session_conflict</c>, and no tool runs for such a turn.
/// </summary>
public sealed class AgentRunnerTurnStartTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RunAsync_TheModelIsCalledWhileTheStartWriteCommits()
    {
        // Arrange: the start write is held; the model answers at once.
        var held = new HeldStartStore();
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { WrapStore = held.Wrap });
        h.Upstream.Enqueue(FakeUpstreamResponse.Text("hi"));

        // Act
        var run = h.Runner.RunAsync(AgentRunnerHarness.Request("hello", sessionKey: "s"), CancellationToken.None);
        await h.Upstream.WaitForRequestAsync(1, Wait);
        held.Commit();
        var result = await run.WaitAsync(Wait);

        // Assert
        result.Error.Should().BeNull();
        var transcript = await h.Store.ReadTranscriptAsync(result.SessionId!, CancellationToken.None);
        transcript.Select(e => JsonDocument.Parse(e.PayloadJson).RootElement.GetProperty("message").GetProperty("role").GetString()).Should().Equal("user", "assistant");
    }

    [Fact]
    public async Task RunAsync_StartWriteRefusedDuringTheModelCall_CancelsTheCall_AndEndsTheRunWithAConflict()
    {
        // Arrange: the model hangs; the store refuses the start write once the call is out.
        var held = new HeldStartStore();
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { WrapStore = held.Wrap });
        h.Upstream.Enqueue(FakeUpstreamResponse.HangBeforeHeaders());
        var events = new EventRecorder();

        // Act
        var run = h.Runner.RunAsync(AgentRunnerHarness.Request("hello", events, sessionKey: "s"), CancellationToken.None);
        var call = await h.Upstream.WaitForRequestAsync(1, Wait);
        held.Refuse(new TranscriptConflictException("s1", 0, 1));
        var result = await run.WaitAsync(Wait);

        // Assert
        (await call.WaitForCompletionAsync(Wait)).IsClientAborted.Should().BeTrue("the model call is dropped");
        result.Error!.Reason.Should().Be(RunErrorReasons.SessionConflict);
        result.Error.Status.Should().Be(409);
        result.Aborted.Should().BeFalse();
        (await h.Store.GetSessionAsync("agent:main:s", CancellationToken.None)).Should().BeNull("nothing of the refused turn is stored");
        events.Events.Select(e => e.Data.GetType()).Should().Equal(typeof(LifecycleStarted), typeof(LifecycleFailed));
    }

    [Fact]
    public async Task RunAsync_StartWriteRefusedAfterTheModelAskedForATool_RunsNoTool_AndStoresNothing()
    {
        // Arrange: the model asks for a tool while the start write is held; the store then refuses it.
        var held = new HeldStartStore();
        var ls = ScriptedTool.Returning("ls", "a.txt");
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { WrapStore = held.Wrap, Tools = [ls] });
        h.Upstream.Enqueue(FakeUpstreamResponse.ToolCall("call_1", "ls", "{}"), FakeUpstreamResponse.Text("one file"));

        // Act
        var run = h.Runner.RunAsync(AgentRunnerHarness.Request("list", sessionKey: "s"), CancellationToken.None);
        await (await h.Upstream.WaitForRequestAsync(1, Wait)).WaitForCompletionAsync(Wait);
        held.Refuse(new TranscriptConflictException("s1", 0, 1));
        var result = await run.WaitAsync(Wait);

        // Assert
        result.Error!.Reason.Should().Be(RunErrorReasons.SessionConflict);
        ls.Calls.Should().BeEmpty();
        h.Upstream.ChatRequests.Should().ContainSingle();
        (await h.Store.GetSessionAsync("agent:main:s", CancellationToken.None)).Should().BeNull();
    }

    /// <summary>Holds the first write (the turn's start) until the test commits or refuses it.</summary>
    [Fact]
    public async Task RunAsync_StoreUnreachableForTheStartWrite_EndsTheRunAsUnavailable_WithARetryAfter()
    {
        // Arrange: the database went away while the model call was out
        var held = new HeldStartStore();
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { WrapStore = held.Wrap });
        h.Upstream.Enqueue(FakeUpstreamResponse.HangBeforeHeaders());

        // Act
        var run = h.Runner.RunAsync(AgentRunnerHarness.Request("hello", sessionKey: "s"), CancellationToken.None);
        await h.Upstream.WaitForRequestAsync(1, Wait);
        held.Refuse(new SessionStoreUnavailableException(new IOException("connection refused")));
        var result = await run.WaitAsync(Wait);

        // Assert: a 503 the client may retry, not an internal error
        (result.Error!.Reason, result.Error.Status, result.Error.RetryAfter).Should().Be((RunErrorReasons.StoreUnavailable, 503, SessionStoreUnavailableException.RetryAfter));
        (await h.Store.GetSessionAsync("agent:main:s", CancellationToken.None)).Should().BeNull();
    }

    private sealed class HeldStartStore
    {
        private readonly TaskCompletionSource<Exception?> _decision = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _writes;

        public ISessionStore Wrap(ISessionStore inner) => new Holding(inner, this);

        public void Commit() => _decision.TrySetResult(null);

        public void Refuse(Exception refusal) => _decision.TrySetResult(refusal);

        private async Task WriteAsync(ISessionStore inner, SessionWrite write, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _writes) == 1 && await _decision.Task.ConfigureAwait(false) is { } refusal)
            {
                throw refusal;
            }

            await inner.WriteAsync(write, cancellationToken).ConfigureAwait(false);
        }

        private sealed class Holding(ISessionStore inner, HeldStartStore owner) : DelegatingSessionStore(inner)
        {
            public override Task WriteAsync(SessionWrite write, CancellationToken cancellationToken) => owner.WriteAsync(Inner, write, cancellationToken);
        }
    }
}
