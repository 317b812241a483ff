using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OpenClaw.Core.Prompt;
using OpenClaw.Core.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Runs;

/// <summary>A run whose message is <see cref="PromptText"/> pieces (as the HTTP endpoint passes slices of the body).</summary>
public sealed partial class AgentRunnerLargePromptTests
{
    [Fact]
    public async Task RunAsync_MessageOfSeveralPieces_IsSentAndStoredAsOneEnvelopedString()
    {
        // Arrange: about 3 MiB with escapes and multi-byte characters, as pieces cut at character boundaries
        await using var h = await AgentRunnerHarness.StartAsync();
        h.Upstream.Enqueue(new FakeUpstreamResponse { Chunks = ["done"] });
        var text = string.Concat(Enumerable.Repeat("Ünïcödé \"quote\" \\ € 😀 中文\n\t", 100_000)) + "end";
        var utf8 = Encoding.UTF8.GetBytes(text);
        var request = AgentRunnerHarness.Request("placeholder", sessionKey: "big") with { Message = PromptText.FromUtf8(Pieces(utf8, 5)) };

        // Act
        var result = await h.Runner.RunAsync(request, CancellationToken.None);

        // Assert: upstream, the envelope and the text as one string content
        utf8.Length.Should().BeGreaterThan(3 * 1024 * 1024);
        request.Message.Pieces.Should().HaveCount(5);
        var upstream = (await h.Upstream.WaitForRequestAsync(1)).Json!.RootElement.GetProperty("messages");
        var user = upstream[1];
        user.GetProperty("role").GetString().Should().Be("user");
        user.GetProperty("content").ValueKind.Should().Be(JsonValueKind.String);
        var sent = user.GetProperty("content").GetString()!;
        Envelope().Match(sent).Success.Should().BeTrue("the user text starts with the timestamp envelope");
        LargeText.ShouldEqual(sent[Envelope().Match(sent).Length..], text);

        // Assert: the transcript's user entry holds the same string
        var entries = await h.Store.ReadTranscriptAsync(result.SessionId!, CancellationToken.None);
        entries.Should().HaveCount(2);
        using var stored = JsonDocument.Parse(entries[0].PayloadJson);
        var message = stored.RootElement.GetProperty("message");
        message.GetProperty("role").GetString().Should().Be("user");
        LargeText.ShouldEqual(message.GetProperty("content").GetString(), sent);
    }

    [Fact]
    public async Task RunAsync_StoredPiecesMessage_IsReplayedIntactOnTheNextTurn()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();
        h.Upstream.Enqueue(new FakeUpstreamResponse { Chunks = ["first"] }, new FakeUpstreamResponse { Chunks = ["second"] });
        var text = string.Concat(Enumerable.Repeat("ä€😀\"", 50_000));
        var first = AgentRunnerHarness.Request("x", sessionKey: "replay") with { Message = PromptText.FromUtf8(Pieces(Encoding.UTF8.GetBytes(text), 3)) };
        await h.Runner.RunAsync(first, CancellationToken.None);

        // Act
        await h.Runner.RunAsync(AgentRunnerHarness.Request("next", sessionKey: "replay"), CancellationToken.None);

        // Assert
        var messages = await h.UpstreamMessagesAsync(2);
        messages.Select(m => m.Role).Should().Equal("system", "user", "assistant", "user");
        LargeText.ShouldEqual(messages[1].Content[Envelope().Match(messages[1].Content).Length..], text);
        messages[2].Content.Should().Be("first");
    }

    /// <summary>The bytes cut into <paramref name="count"/> pieces of about equal size, each ending on a character boundary.</summary>
    private static ReadOnlyMemory<byte>[] Pieces(byte[] utf8, int count)
    {
        var pieces = new List<ReadOnlyMemory<byte>>();
        var start = 0;
        for (var i = 1; i <= count; i++)
        {
            var end = i == count ? utf8.Length : utf8.Length / count * i;
            while (end < utf8.Length && (utf8[end] & 0xC0) == 0x80)
            {
                end++;
            }

            pieces.Add(utf8.AsMemory(start, end - start));
            start = end;
        }

        return [.. pieces];
    }

    [GeneratedRegex(@"^\[(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\] ")]
    private static partial Regex Envelope();
}
