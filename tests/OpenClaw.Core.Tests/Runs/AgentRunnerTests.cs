using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Coordination.InProcess;
using OpenClaw.Core.Prompt;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Runs;

public class AgentRunnerTests
{
    private const string EnvelopePattern = @"^\[(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\] ";

    [Fact]
    public async Task RunAsync_StreamedReply_PublishesStartDeltasEndWithDenseSeq()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();
        h.Upstream.Enqueue(FakeUpstreamResponse.Text("echo: ", "stream ", "me"));
        var events = new EventRecorder();
        var request = AgentRunnerHarness.Request("stream me", events);

        // Act
        var result = await h.Runner.RunAsync(request, CancellationToken.None);

        // Assert
        result.Error.Should().BeNull();
        result.Payloads.Should().Equal("echo: stream me");
        var recorded = events.Events;
        recorded.Select(e => e.Seq).Should().Equal(Enumerable.Range(1, recorded.Count).Select(i => (long)i));
        recorded.Should().OnlyContain(e => e.RunId == request.RunId && e.SessionKey == "agent:main:main" && e.AgentId == "main" && e.SessionId == result.SessionId);
        recorded[0].Data.Should().BeOfType<LifecycleStarted>();
        recorded.Skip(1).SkipLast(1).Select(e => e.Data).Should().Equal(
            new AssistantDelta("echo:", 0),
            new AssistantDelta(" stream", 0, new AssistantDelta("echo:", 0)),
            new AssistantDelta(" me", 0, new AssistantDelta(" stream", 0, new AssistantDelta("echo:", 0))));
        recorded[^1].Data.Should().BeOfType<LifecycleEnded>().Which.Should().Match<LifecycleEnded>(e => !e.Aborted && e.StopReason == "stop");
    }

    [Fact]
    public async Task RunAsync_FirstTurn_PersistsEnvelopedUserAndAssistantEntries()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();

        // Act
        var result = await h.Runner.RunAsync(AgentRunnerHarness.Request("hello there"), CancellationToken.None);

        // Assert
        var entries = await h.Store.ReadTranscriptAsync(result.SessionId!, CancellationToken.None);
        entries.Select(e => e.Seq).Should().Equal(1L, 2L);
        entries[0].ParentId.Should().BeNull();
        entries[1].ParentId.Should().Be(entries[0].EntryId);
        var user = Message(entries[0].PayloadJson);
        user.GetProperty("role").GetString().Should().Be("user");
        user.GetProperty("content").GetString().Should().MatchRegex(EnvelopePattern + "hello there$");
        var assistant = Message(entries[1].PayloadJson);
        assistant.GetProperty("role").GetString().Should().Be("assistant");
        assistant.GetProperty("content")[0].GetProperty("text").GetString().Should().Be("echo: hello there");
        (assistant.GetProperty("api").GetString(), assistant.GetProperty("provider").GetString(), assistant.GetProperty("model").GetString())
            .Should().Be(("openai-completions", "fake", "fake-model"));
        assistant.GetProperty("stopReason").GetString().Should().Be("stop");
    }

    [Fact]
    public async Task RunAsync_UpstreamUserMessage_CarriesTheSameEnvelope()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();

        // Act
        await h.Runner.RunAsync(AgentRunnerHarness.Request("hi"), CancellationToken.None);

        // Assert
        var messages = await h.UpstreamMessagesAsync(1);
        messages.Select(m => m.Role).Should().Equal("system", "user");
        messages[1].Content.Should().MatchRegex(EnvelopePattern + "hi$");
        (await h.Upstream.WaitForRequestAsync(1)).Model.Should().Be("fake-model");
    }

    [Fact]
    public async Task RunAsync_SecondRunOnSameKey_SendsHistoryUpstream()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();
        var first = await h.Runner.RunAsync(AgentRunnerHarness.Request("my name is Zed", sessionKey: "conv-42"), CancellationToken.None);

        // Act
        var second = await h.Runner.RunAsync(AgentRunnerHarness.Request("what is my name", sessionKey: "conv-42"), CancellationToken.None);

        // Assert
        second.SessionId.Should().Be(first.SessionId);
        second.SessionKey.Should().Be("agent:main:conv-42");
        var messages = await h.UpstreamMessagesAsync(2);
        messages.Select(m => m.Role).Should().Equal("system", "user", "assistant", "user");
        messages[1].Content.Should().MatchRegex(EnvelopePattern + "my name is Zed$");
        messages[2].Content.Should().Be("echo: my name is Zed");
        messages[3].Content.Should().MatchRegex(EnvelopePattern + "what is my name$");
        var entries = await h.Store.ReadTranscriptAsync(second.SessionId!, CancellationToken.None);
        entries.Select(e => e.Seq).Should().Equal(1L, 2L, 3L, 4L);
        entries[2].ParentId.Should().Be(entries[1].EntryId);
    }

    [Fact]
    public async Task RunAsync_DifferentKeys_DoNotShareHistory()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();
        await h.Runner.RunAsync(AgentRunnerHarness.Request("one", sessionKey: "a"), CancellationToken.None);

        // Act
        await h.Runner.RunAsync(AgentRunnerHarness.Request("two", sessionKey: "b"), CancellationToken.None);

        // Assert
        (await h.UpstreamMessagesAsync(2)).Select(m => m.Role).Should().Equal("system", "user");
    }

    [Fact]
    public async Task RunAsync_Completed_UpdatesSessionEntryWithModelAndUsage()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();
        h.Upstream.Enqueue(new FakeUpstreamResponse { Chunks = ["ok"], Usage = new FakeUsage(100, 20, CachedPromptTokens: 30) });
        var request = AgentRunnerHarness.Request("count");

        // Act
        var result = await h.Runner.RunAsync(request, CancellationToken.None);

        // Assert
        result.Usage.Should().Be(new RunUsage(70, 20, 30, 0, 120));
        result.LastCallUsage.Should().Be(result.Usage);
        (result.Provider, result.Model, result.StopReason, result.Aborted).Should().Be(("fake", "fake-model", "stop", false));
        var session = await h.Store.GetSessionAsync("agent:main:main", CancellationToken.None);
        session!.SessionId.Should().Be(result.SessionId);
        (session.ModelProvider, session.Model, session.LastRunId, session.AbortedLastRun).Should().Be(("fake", "fake-model", request.RunId, false));
        (session.InputTokens, session.OutputTokens, session.CacheRead, session.TotalTokens).Should().Be((70L, 20L, 30L, 120L));
        session.Channel.Should().Be("webchat");
        session.ContextTokens.Should().Be(128_000);
    }

    [Fact]
    public async Task RunAsync_SilentReply_HasNoPayloadAndNoAssistantEvent()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();
        h.Upstream.Enqueue(FakeUpstreamResponse.Text("NO_", "REPLY"));
        var events = new EventRecorder();

        // Act
        var result = await h.Runner.RunAsync(AgentRunnerHarness.Request("say nothing", events), CancellationToken.None);

        // Assert
        result.Error.Should().BeNull();
        result.Payloads.Should().BeEmpty();
        events.Events.Select(e => e.Stream).Should().Equal("lifecycle", "lifecycle");
    }

    [Fact]
    public async Task RunAsync_Events_AreAlsoPublishedOnTheBus()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();
        var direct = new EventRecorder();
        var viaBus = new EventRecorder();
        var coordination = new InProcessRunCoordination();
        using var subscription = coordination.Events.Subscribe(viaBus);
        using var clients = new ChatClientFactory(new ProviderTimeouts());
        var runner = new AgentRunner(
            new TestConfigSource(h.Snapshot), h.Store, clients, new ProviderRetryPolicy(), coordination, new WorkspaceManager(), new TestToolCatalog(), TimeProvider.System,
            new DictionaryEnvironment(), NullLogger<AgentRunner>.Instance);

        // Act
        await runner.RunAsync(AgentRunnerHarness.Request("bus", direct), CancellationToken.None);

        // Assert
        viaBus.Events.Should().Equal(direct.Events);
        viaBus.Events.Should().NotBeEmpty();
    }

    private static JsonElement Message(string payloadJson) => JsonDocument.Parse(payloadJson).RootElement.GetProperty("message").Clone();
}
