using Microsoft.Extensions.AI;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Prompt;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Runs;

namespace OpenClaw.Core.Tests.Runs;

/// <summary>
/// The replayed history cut to the model's context window: whole turns, oldest first, never the system prompt or the
/// new turn. Sizes are characters; four make a token (<see cref="PromptEstimate"/>).
/// </summary>
public sealed class HistoryWindowTests
{
    [Fact]
    public void Fit_HistoryThatFits_IsLeftAsItIs()
    {
        // Arrange: 80 + 4 × 400 characters = 420 tokens, in a window of 1 000 with 500 reserved
        var messages = Prompt(Text(ChatRole.User, 400), Text(ChatRole.Assistant, 400), Text(ChatRole.User, 400), Text(ChatRole.Assistant, 400));
        var before = messages.ToList();

        // Act
        var trim = HistoryWindow.Fit(messages, contextWindow: 1_000, reserveTokens: 500);

        // Assert
        trim.Should().Be(default(HistoryTrim));
        messages.Should().Equal(before, "the same messages, in the same order");
    }

    [Fact]
    public void Fit_HistoryOverTheWindow_LeavesOutTheOldestWholeTurns()
    {
        // Arrange: three turns of 800 characters (200 tokens) each; 300 tokens of room for the prompt (1 200 characters)
        var messages = Prompt(
            Text(ChatRole.User, 400, "u1"), Text(ChatRole.Assistant, 400, "a1"),
            Text(ChatRole.User, 400, "u2"), Text(ChatRole.Assistant, 400, "a2"),
            Text(ChatRole.User, 400, "u3"), Text(ChatRole.Assistant, 400, "a3"));
        var (system, turn) = (messages[0], messages[^1]);

        // Act
        var trim = HistoryWindow.Fit(messages, contextWindow: 400, reserveTokens: 100);

        // Assert
        messages.Select(Label).Should().Equal("system", "u3", "a3", "turn");
        messages[0].Should().BeSameAs(system);
        messages[^1].Should().BeSameAs(turn);
        trim.Should().Be(new HistoryTrim(DroppedTurns: 2, DroppedMessages: 4, DroppedTokens: 400, SentTokens: 220));
    }

    [Fact]
    public void Fit_TheReserve_TakesRoomFromTheHistory()
    {
        // Arrange: 880 characters (220 tokens) in a window of 300
        var messages = Prompt(Text(ChatRole.User, 400, "u1"), Text(ChatRole.Assistant, 400, "a1"));

        // Act
        var withoutReserve = HistoryWindow.Fit(messages, contextWindow: 300, reserveTokens: 0);
        var withReserve = HistoryWindow.Fit(messages, contextWindow: 300, reserveTokens: 100);

        // Assert
        withoutReserve.DroppedMessages.Should().Be(0);
        withReserve.DroppedMessages.Should().Be(2);
        messages.Select(Label).Should().Equal("system", "turn");
    }

    [Fact]
    public void Fit_ToolCallTurn_IsNeverSplit()
    {
        // Arrange: the first turn's tool result alone is too big; leaving out only the result (or only the call) would fit
        var messages = Prompt(
            Text(ChatRole.User, 40, "u1"),
            Call("c1"),
            Result("c1", 2_000),
            Text(ChatRole.Assistant, 40, "a1"),
            Text(ChatRole.User, 40, "u2"),
            Call("c2"),
            Result("c2", 40),
            Text(ChatRole.Assistant, 40, "a2"));

        // Act
        var trim = HistoryWindow.Fit(messages, contextWindow: 200, reserveTokens: 50);

        // Assert: the second turn whole, its call right before its result; the first turn gone whole
        messages.Select(Label).Should().Equal("system", "u2", "call c2", "result c2", "a2", "turn");
        trim.DroppedTurns.Should().Be(1);
        trim.DroppedMessages.Should().Be(4);
        var history = messages.Skip(1).Take(messages.Count - 2).ToList();
        ReplayRepair.Repair(history).Select(Label).Should().Equal(history.Select(Label), "what is sent needs no repair");
    }

    [Fact]
    public void Fit_ToolCallTurnThatFits_IsKeptWhole()
    {
        // Arrange: the oldest turn is big; the tool-call turn after it fits
        var messages = Prompt(
            Text(ChatRole.User, 2_000, "u1"), Text(ChatRole.Assistant, 40, "a1"),
            Text(ChatRole.User, 40, "u2"), Call("c2", "c3"), Result("c2", 40), Result("c3", 40), Text(ChatRole.Assistant, 40, "a2"));

        // Act
        HistoryWindow.Fit(messages, contextWindow: 200, reserveTokens: 50);

        // Assert
        messages.Select(Label).Should().Equal("system", "u2", "call c2 c3", "result c2", "result c3", "a2", "turn");
    }

    [Fact]
    public void Fit_NewTurnLargerThanTheWindow_IsStillSent_WithTheSystemPrompt()
    {
        // Arrange: the new message alone is 2 500 tokens of a 1 000-token window
        var messages = Prompt(Text(ChatRole.User, 40, "u1"), Text(ChatRole.Assistant, 40, "a1"), Text(ChatRole.User, 40, "u2"), Text(ChatRole.Assistant, 40, "a2"));
        messages[^1] = Text(ChatRole.User, 10_000, "turn");
        var (system, turn) = (messages[0], messages[^1]);

        // Act
        var trim = HistoryWindow.Fit(messages, contextWindow: 1_000, reserveTokens: 100);

        // Assert: every turn of the history left out; what the provider makes of the rest is its answer to give
        messages.Should().Equal(system, turn);
        trim.DroppedTurns.Should().Be(2);
        trim.SentTokens.Should().Be(2_510);
    }

    [Fact]
    public void Fit_NoHistory_IsLeftAsItIs_HoweverLarge()
    {
        // Arrange
        var messages = Prompt();
        messages[^1] = Text(ChatRole.User, 10_000, "turn");
        var before = messages.ToList();

        // Act
        var trim = HistoryWindow.Fit(messages, contextWindow: 100, reserveTokens: 50);

        // Assert
        trim.Should().Be(default(HistoryTrim));
        messages.Should().Equal(before);
    }

    [Fact]
    public void Fit_CountsUtf8TextPieces_AsTheOutputCapDoes()
    {
        // Arrange: a turn kept as UTF-8 pieces (as the HTTP endpoints pass it): 4 000 characters
        var messages = Prompt(Text(ChatRole.User, 40, "u1"), Text(ChatRole.Assistant, 40, "a1"));
        messages[^1] = new ChatMessage(ChatRole.User, [new Utf8TextContent(PromptText.From(new string('é', 4_000)))]);

        // Act
        var trim = HistoryWindow.Fit(messages, contextWindow: 1_050, reserveTokens: 0);

        // Assert: 40 + 80 + 4 000 characters (not 8 000 UTF-8 bytes) are 1 030 tokens: they fit 1 050, not 1 025
        trim.DroppedMessages.Should().Be(0);
        HistoryWindow.Fit(messages, contextWindow: 1_025, reserveTokens: 0).DroppedMessages.Should().Be(2);
    }

    [Theory]
    [InlineData(128_000, 4_096, null, null, 4_096)]
    [InlineData(2_000, 8_192, null, null, 1_000)]
    [InlineData(128_000, 4_096, 20_000, null, 20_000)]
    [InlineData(2_000, 8_192, 1_500, null, 1_500)]
    [InlineData(128_000, 4_096, 1_000, 2_000, 2_000)]
    [InlineData(128_000, 30_000, null, 20_000, 30_000)]
    [InlineData(128_000, 4_096, null, 0, 4_096)]
    public void ReserveTokens_IsTheConfiguredReserve_ElseTheAnswersCapUpToHalfTheWindow_NeverBelowTheFloor(
        int contextWindow, int outputCap, int? reserveTokens, int? reserveTokensFloor, int expected)
    {
        // Arrange
        var compaction = new CompactionConfig { ReserveTokens = reserveTokens, ReserveTokensFloor = reserveTokensFloor };

        // Act
        var reserve = HistoryWindow.ReserveTokens(contextWindow, outputCap, compaction);

        // Assert
        reserve.Should().Be(expected);
    }

    /// <summary>A system prompt of 40 characters, the history, then a new user turn of 40.</summary>
    private static List<ChatMessage> Prompt(params ChatMessage[] history) =>
        [Text(ChatRole.System, 40, "system"), .. history, Text(ChatRole.User, 40, "turn")];

    /// <summary>A text message of exactly <paramref name="length"/> characters, starting with its label.</summary>
    private static ChatMessage Text(ChatRole role, int length, string label = "x") =>
        new(role, (label + ":").PadRight(length, '.'));

    private static ChatMessage Call(params string[] ids) => new(ChatRole.Assistant, [.. ids.Select(id => ProviderToolCalls.Create(id, "read", "{}"))]);

    private static ChatMessage Result(string id, int length) =>
        new(ChatRole.Tool, [ProviderToolCalls.Result(id, new string('r', length), isError: false)]);

    private static string Label(ChatMessage message) => message.Contents[0] switch
    {
        FunctionCallContent => "call " + string.Join(' ', message.Contents.OfType<FunctionCallContent>().Select(c => c.CallId)),
        FunctionResultContent result => "result " + result.CallId,
        _ => message.Text[..message.Text.IndexOf(':', StringComparison.Ordinal)],
    };
}
