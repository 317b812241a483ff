using OpenClaw.Gateway.Inputs;

namespace OpenClaw.Gateway.Tests.Inputs;

/// <summary>The active turn: the last user message or tool result; only a user message brings media.</summary>
public sealed class ActiveTurnTests
{
    [Theory]
    [InlineData("u1", "u1")]
    [InlineData("u1 s a u2 a", "u2")]
    [InlineData("u1 t a", null)]
    [InlineData("t u1 a s", "u1")]
    [InlineData("s a", null)]
    [InlineData("", null)]
    public void TryGetUserMessage_IsTheLastUserMessage_UnlessAToolResultFollowsIt(string conversation, string? expected)
    {
        // Arrange: u… user, t tool result, anything else another role.
        var items = conversation.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // Act
        var found = ActiveTurn.TryGetUserMessage(items, RoleOf, out var message);

        // Assert
        found.Should().Be(expected is not null);
        message.Should().Be(expected);
    }

    private static TurnRole RoleOf(string item) => item[0] switch
    {
        'u' => TurnRole.User,
        't' => TurnRole.ToolResult,
        _ => TurnRole.Other,
    };
}
