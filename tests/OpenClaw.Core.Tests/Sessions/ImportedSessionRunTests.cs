using System.Text.Json;
using OpenClaw.Core.Sessions;
using OpenClaw.Core.Tests.Support;

namespace OpenClaw.Core.Tests.Sessions;

/// <summary>An imported transcript continues as a session: the next turn through the real runner sees its leaf chain.</summary>
public sealed class ImportedSessionRunTests
{
    [Fact]
    public async Task RunAsync_AfterImportingTheSpecExample_SendsItsMessagesThenTheNewTurn()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();
        await Import(h, TranscriptFixtures.SpecExample, "agent:main:imported");

        // Act
        var result = await h.Runner.RunAsync(AgentRunnerHarness.Request("what did it say?", sessionKey: "imported"), CancellationToken.None);

        // Assert
        result.Error.Should().BeNull();
        var sent = await SentMessages(h);
        sent.Should().Equal(
            ("user", "[Sun 2026-11-22 03:36 UTC] ws hello"),
            ("assistant", "Let me look.|read:call_1"),
            ("tool", "# Readme|call_1"),
            ("user", "what did it say?"));
    }

    [Fact]
    public async Task RunAsync_AfterImportingABranchedFile_SendsOnlyTheLeafChain()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();
        var sessionId = await Import(h, TranscriptFixtures.Branched, "agent:main:imported");

        // Act
        var result = await h.Runner.RunAsync(AgentRunnerHarness.Request("and now?", sessionKey: "imported"), CancellationToken.None);

        // Assert
        result.Error.Should().BeNull();
        var sent = await SentMessages(h);
        sent.Should().Equal(
            ("user", "[Sun 2026-11-22 03:36 UTC] ws hello"),
            ("assistant", "Let me look.|read:call_1"),
            ("tool", "# Readme|call_1"),
            ("assistant", "The readme is short."),
            ("user", "branch B question"),
            ("assistant", "branch B answer"),
            ("user", "and now?"));
        sent.Should().NotContain(m => m.Content.Contains("branch A", StringComparison.Ordinal));

        // The new turn hangs off the leaf, so a later replay keeps following branch B.
        var stored = await h.Store.ReadTranscriptAsync(sessionId, CancellationToken.None);
        stored.Should().HaveCount(12);
        stored[10].ParentId.Should().Be("1b2c3d4e");
        stored[11].ParentId.Should().Be(stored[10].EntryId);
    }

    private static async Task<string> Import(AgentRunnerHarness h, string jsonl, string key)
    {
        var file = await TranscriptJsonl.ReadAsync(new StringReader(jsonl), CancellationToken.None);
        var result = await h.Store.ImportTranscriptAsync(key, "main", file, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), CancellationToken.None);
        return result.SessionId;
    }

    /// <summary>
    /// The upstream request's messages after the system prompt: text content, then tool calls as <c>name:id</c> or a
    /// tool result's call id; the new user turn's time envelope is cut off.
    /// </summary>
    private static async Task<List<(string Role, string Content)>> SentMessages(AgentRunnerHarness h)
    {
        var request = await h.Upstream.WaitForRequestAsync(1);
        var messages = request.Json!.RootElement.GetProperty("messages").EnumerateArray().ToList();
        messages[0].GetProperty("role").GetString().Should().Be("system");
        return [.. messages.Skip(1).Select(m =>
        {
            var role = m.GetProperty("role").GetString()!;
            var content = m.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "";
            if (m.TryGetProperty("tool_calls", out var calls))
            {
                content += "|" + string.Join(",", calls.EnumerateArray().Select(t => $"{t.GetProperty("function").GetProperty("name").GetString()}:{t.GetProperty("id").GetString()}"));
            }

            if (m.TryGetProperty("tool_call_id", out var callId))
            {
                content += "|" + callId.GetString();
            }

            if (role == "user" && content.StartsWith('[') && m.Equals(messages[^1]))
            {
                content = content[(content.IndexOf("] ", StringComparison.Ordinal) + 2)..];
            }

            return (role, content);
        })];
    }
}
