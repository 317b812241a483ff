using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OpenClaw.Core.Coordination.InProcess;
using OpenClaw.Core.Prompt;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Runs.Invocation;
using OpenClaw.Core.Runs.Steps;
using OpenClaw.Core.Sessions;
using OpenClaw.Core.Telemetry;
using OpenClaw.Core.Tests.Support;
using OpenClaw.Sessions.Sqlite;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Runs.Steps;

/// <summary>The steps that touch the session store, each alone: load session, start turn, and the turn persister.</summary>
public sealed class SessionStepsTests : IAsyncLifetime
{
    private const string Key = "agent:main:main";
    private readonly TempDirectory _temp = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-07T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly EventRecorder _events = new();
    private SqliteSessionStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteSessionStore(_temp.Combine("state", "openclaw-dotnet.sqlite"), fullSync: false);
        await _store.InitializeAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task LoadSession_ContinuesTheStoredSession_FromItsLastEntry()
    {
        // Arrange
        var (first, second) = await StoreSessionAsync("s1");
        var run = Run("hello again");

        // Act
        var ended = await new LoadSessionStep(_store, new WorkspaceManager(), _time).ExecuteAsync(run, CancellationToken.None);

        // Assert
        ended.Should().BeNull();
        run.Fresh.Should().BeTrue();
        run.SessionId.Should().Be("s1");
        run.History.Select(e => e.EntryId).Should().Equal(first.EntryId, second.EntryId);
        run.NextEntrySeq.Should().Be(3L);
        run.LastEntryId.Should().Be(second.EntryId);
        Directory.Exists(run.WorkspaceDir).Should().BeTrue("the agent's workspace is created on its first turn");
    }

    [Fact]
    public async Task LoadSession_AResetTrigger_StartsANewTranscript()
    {
        // Arrange
        await StoreSessionAsync("s1");
        var run = Run("/new", honourResetTriggers: true);

        // Act
        await new LoadSessionStep(_store, new WorkspaceManager(), _time).ExecuteAsync(run, CancellationToken.None);

        // Assert
        run.Reset.Should().NotBeNull();
        run.Fresh.Should().BeFalse();
        run.SessionId.Should().NotBe("s1");
        run.History.Should().BeEmpty();
        run.NextEntrySeq.Should().Be(1L);
    }

    [Fact]
    public async Task StartTurn_ThenTheTurnPersister_WriteTheQuestionAndTheAnswer_AndEndTheRunOnce()
    {
        // Arrange
        var run = await LoadedAsync("hello");
        run.UserText = "hello";

        // Act
        await new StartTurnStep(_store, Publisher()).ExecuteAsync(run, CancellationToken.None);
        run.Outcome = new ModelCallOutcome("hi there", "stop", new RunUsage(3, 2, 0, 0, 5), null, Cancelled: false, Emitted: true, []);
        run.AnsweredBy = StepRuns.Model(run, "fake/a");
        var result = await Persister().FinishAsync(run);

        // Assert
        result.Error.Should().BeNull();
        result.StopReason.Should().Be("stop");
        result.SessionId.Should().Be(run.SessionId);
        var transcript = await _store.ReadTranscriptAsync(run.SessionId, CancellationToken.None);
        transcript.Select(e => (e.Seq, e.ParentId)).Should().Equal((1L, (string?)null), (2L, transcript[0].EntryId));
        (await _store.GetSessionAsync(Key, CancellationToken.None))!.Model.Should().Be("a");
        _events.Events.Select(e => e.Data.GetType()).Should().Equal(typeof(LifecycleStarted), typeof(LifecycleEnded));
    }

    [Fact]
    public async Task StartTurn_WhenItsWriteFails_CancelsTheRun_AndThePersisterEndsItWithoutStoringTheTurn()
    {
        // Arrange: the answer must never be paid for, or stored, without its question.
        using var cancellation = new CancellationTokenSource();
        var run = await LoadedAsync("hello", cancellation);
        run.UserText = "hello";
        var cancelled = WhenCancelled(cancellation);

        // Act
        var started = await new StartTurnStep(new RefusingStore(_store), Publisher()).ExecuteAsync(run, cancellation.Token);
        await cancelled.WaitAsync(TimeSpan.FromSeconds(30));
        run.Outcome = new ModelCallOutcome("", "stop", null, null, Cancelled: true, Emitted: false, []);
        run.AnsweredBy = StepRuns.Model(run, "fake/a");
        var ended = await Persister().FinishAsync(run);

        // Assert
        started.Should().BeNull("the model call goes out while the start write commits");
        ended.Error!.Message.Should().Be("failed to persist the turn");
        ended.Error.Reason.Should().Be(RunErrorReasons.Internal);
        (await _store.ReadTranscriptAsync(run.SessionId, CancellationToken.None)).Should().BeEmpty();
        _events.Events.Select(e => e.Data.GetType()).Should().Equal(typeof(LifecycleStarted), typeof(LifecycleFailed));
    }

    [Fact]
    public async Task StartTurn_WhenAnotherWriterAppendedSinceTheLoad_CancelsTheRun_AndEndsItWithAConflict_StoringNothingOfIt()
    {
        // Arrange: the turn read s1 up to entry 2; another process then appends entry 3.
        var (_, second) = await StoreSessionAsync("s1");
        using var cancellation = new CancellationTokenSource();
        var run = await LoadedAsync("hello", cancellation);
        run.UserText = "hello";
        await AppendByAnotherWriterAsync("s1", 3, second.EntryId);
        var cancelled = WhenCancelled(cancellation);

        // Act: even an answer that arrived before the refusal is not stored.
        await new StartTurnStep(_store, Publisher()).ExecuteAsync(run, cancellation.Token);
        await cancelled.WaitAsync(TimeSpan.FromSeconds(30));
        run.Outcome = new ModelCallOutcome("hi there", "stop", null, null, Cancelled: false, Emitted: true, []);
        run.AnsweredBy = StepRuns.Model(run, "fake/a");
        var ended = await Persister().FinishAsync(run);

        // Assert
        ended.Error!.Reason.Should().Be(RunErrorReasons.SessionConflict);
        ended.Error.Status.Should().Be(409);
        (await _store.ReadTranscriptAsync("s1", CancellationToken.None)).Select(e => e.EntryId).Should().Equal("e1", "e2", "other-3");
        _events.Events.Select(e => e.Data.GetType()).Should().Equal(typeof(LifecycleStarted), typeof(LifecycleFailed));
    }

    [Fact]
    public async Task TheTurnPersister_WhenAnotherWriterAppendedDuringTheTurn_FailsTheRunWithAConflict_AndStoresNoAnswer()
    {
        // Arrange: the question is stored; another process appends while the model answers.
        var run = await LoadedAsync("hello");
        run.UserText = "hello";
        (await new StartTurnStep(_store, Publisher()).ExecuteAsync(run, CancellationToken.None)).Should().BeNull();
        await AppendByAnotherWriterAsync(run.SessionId, 2, run.LastEntryId);
        run.Outcome = new ModelCallOutcome("hi there", "stop", null, null, Cancelled: false, Emitted: true, []);
        run.AnsweredBy = StepRuns.Model(run, "fake/a");

        // Act
        var result = await Persister().FinishAsync(run);

        // Assert
        result.Error!.Reason.Should().Be(RunErrorReasons.SessionConflict);
        var transcript = await _store.ReadTranscriptAsync(run.SessionId, CancellationToken.None);
        transcript.Select(e => e.EntryId).Should().Equal(run.History.Select(e => e.EntryId).Append(transcript[0].EntryId).Append("other-2"));
        _events.Events.Select(e => e.Data.GetType()).Should().Equal(typeof(LifecycleStarted), typeof(LifecycleFailed));
    }

    private RunState Run(string message, bool honourResetTriggers = false, CancellationTokenSource? cancellation = null) => StepRuns.Create(
        new AgentRunRequest { RunId = "run-" + Guid.NewGuid().ToString("N"), Message = message, SessionKey = Key, HonourResetTriggers = honourResetTriggers, Events = _events },
        workspace: _temp.Combine("workspace"),
        cancellation: cancellation);

    private static Task WhenCancelled(CancellationTokenSource cancellation)
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cancellation.Token.Register(() => cancelled.TrySetResult());
        return cancelled.Task;
    }

    private async Task<RunState> LoadedAsync(string message, CancellationTokenSource? cancellation = null)
    {
        var run = Run(message, cancellation: cancellation);
        await new LoadSessionStep(_store, new WorkspaceManager(), _time).ExecuteAsync(run, CancellationToken.None);
        return run;
    }

    private RunEventPublisher Publisher() => new(new InProcessRunEvents(), _time);

    private TurnPersister Persister() => new(_store, new ProviderRetryPolicy(), Publisher(), _time, RunMetrics.Detached, NullLogger.Instance);

    private Task AppendByAnotherWriterAsync(string sessionId, long seq, string? parentId) => _store.WriteAsync(
        new SessionWrite { Entries = [TranscriptFormat.UserMessage(sessionId, seq, $"other-{seq}", parentId, 0, "from elsewhere")] },
        CancellationToken.None);

    private async Task<(TranscriptEntry First, TranscriptEntry Second)> StoreSessionAsync(string sessionId)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var first = TranscriptFormat.UserMessage(sessionId, 1, "e1", null, now, "one");
        var second = TranscriptFormat.UserMessage(sessionId, 2, "e2", "e1", now, "two");
        await _store.WriteAsync(
            new SessionWrite
            {
                Session = new SessionEntry { SessionKey = Key, AgentId = "main", SessionId = sessionId, CreatedAt = now, UpdatedAt = now },
                NewTranscript = new TranscriptHeader(sessionId, "main", Key, now, null),
                Entries = [first, second],
            },
            CancellationToken.None);
        return (first, second);
    }
}

/// <summary>A store whose writes fail as a full disk would; reads go to <paramref name="inner"/>.</summary>
file sealed class RefusingStore(ISessionStore inner) : DelegatingSessionStore(inner)
{
    public override Task WriteAsync(SessionWrite write, CancellationToken cancellationToken) => Task.FromException(new IOException("disk full"));
}
