using System.Text.Json;
using OpenClaw.Core.Sessions;
using OpenClaw.Core.Tests.Support;

namespace OpenClaw.Core.Tests.Runs;

/// <summary>
/// What a killed process leaves in the SQLite store, and the next turn through the real runner: the provider must get
/// a history it accepts, and the stored transcript must stay as it was written.
/// </summary>
public sealed class AgentRunnerCrashRecoveryTests
{
    [Fact]
    public async Task RunAsync_AfterACrashLeftAnUnansweredUserEntry_ProviderGetsAlternatingTurns()
    {
        // Arrange: turn "one" completed; the run of "two" persisted its user entry and was killed before answering.
        await using var h = await AgentRunnerHarness.StartAsync();
        var first = await h.Runner.RunAsync(AgentRunnerHarness.Request("one", sessionKey: "crash"), CancellationToken.None);
        var sessionId = first.SessionId!;
        var before = await h.Store.ReadTranscriptAsync(sessionId, CancellationToken.None);
        var killed = UserEntry(sessionId, before[^1].Seq + 1, "0badc0de", before[^1].EntryId, "[Sun 2026-11-22 03:40 UTC] two");
        await h.Store.WriteAsync(new SessionWrite { Entries = [killed], Durable = false }, CancellationToken.None);

        // Act
        var result = await h.Runner.RunAsync(AgentRunnerHarness.Request("three", sessionKey: "crash"), CancellationToken.None);

        // Assert
        result.Error.Should().BeNull();
        var sent = await SentAsync(h, 2);
        sent.Select(m => m.Role).Should().Equal("system", "user", "assistant", "user");
        sent[^1].Content.Should().StartWith("[Sun 2026-11-22 03:40 UTC] two\n\n[").And.EndWith("] three");

        // The repair is the replay's: the stored entries are the ones written, the killed one included.
        var after = await h.Store.ReadTranscriptAsync(sessionId, CancellationToken.None);
        after.Should().HaveCount(5);
        after[2].Should().Be(killed);
        JsonDocument.Parse(after[3].PayloadJson).RootElement.GetProperty("message").GetProperty("content").GetString().Should().EndWith("] three").And.NotContain("two");
    }

    [Fact]
    public async Task RunAsync_StoredEntryIdsCollide_ProviderGetsTheWholeHistory()
    {
        // Arrange: the entries of turn "two" were minted with the ids turn "one" already used, as a 32-bit collision
        // leaves them.
        await using var h = await AgentRunnerHarness.StartAsync();
        var first = await h.Runner.RunAsync(AgentRunnerHarness.Request("one", sessionKey: "collide"), CancellationToken.None);
        var sessionId = first.SessionId!;
        var stored = await h.Store.ReadTranscriptAsync(sessionId, CancellationToken.None);
        var (u1, a1) = (stored[0].EntryId, stored[1].EntryId);
        var u2 = UserEntry(sessionId, 3, u1, a1, "[Sun 2026-11-22 03:40 UTC] two");
        var a2 = AssistantEntry(sessionId, 4, a1, u1, "echo: two");
        await h.Store.WriteAsync(new SessionWrite { Entries = [u2, a2] }, CancellationToken.None);

        // Act
        var result = await h.Runner.RunAsync(AgentRunnerHarness.Request("three", sessionKey: "collide"), CancellationToken.None);

        // Assert
        result.Error.Should().BeNull();
        var sent = await SentAsync(h, 2);
        sent.Select(m => m.Role).Should().Equal("system", "user", "assistant", "user", "assistant", "user");
        sent[4].Content.Should().Be("echo: two");

        // The new entries got ids the transcript did not hold yet.
        var after = await h.Store.ReadTranscriptAsync(sessionId, CancellationToken.None);
        after.Skip(4).Select(e => e.EntryId).Should().NotIntersectWith([u1, a1]);
    }

    private static TranscriptEntry UserEntry(string sessionId, long seq, string id, string parentId, string content) => new(
        sessionId, seq, id, parentId, "message", "2026-11-22T03:40:00.000Z",
        $$$"""{"type":"message","id":"{{{id}}}","parentId":"{{{parentId}}}","timestamp":"2026-11-22T03:40:00.000Z","message":{"role":"user","content":"{{{content}}}","timestamp":1795318800000}}""");

    private static TranscriptEntry AssistantEntry(string sessionId, long seq, string id, string parentId, string text) => new(
        sessionId, seq, id, parentId, "message", "2026-11-22T03:40:01.000Z",
        $$$"""{"type":"message","id":"{{{id}}}","parentId":"{{{parentId}}}","timestamp":"2026-11-22T03:40:01.000Z","message":{"role":"assistant","content":[{"type":"text","text":"{{{text}}}"}],"stopReason":"stop","timestamp":1795318801000}}""");

    /// <summary>The messages of the n-th upstream request as (role, text content); a tool-call-only turn has "".</summary>
    private static async Task<List<(string Role, string Content)>> SentAsync(AgentRunnerHarness h, int request)
    {
        var recorded = await h.Upstream.WaitForRequestAsync(request);
        return [.. recorded.Json!.RootElement.GetProperty("messages").EnumerateArray().Select(m => (
            m.GetProperty("role").GetString()!,
            m.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : ""))];
    }
}
