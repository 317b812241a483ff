using System.Text.Json;
using OpenClaw.Gateway.Tools;

namespace OpenClaw.Gateway.Tests.Tools;

/// <summary>The body of <c>POST /tools/invoke</c> (http-api.md §8.2): <c>action</c>, <c>args</c>, keys and ids.</summary>
public sealed class ToolInvokeRequestTests
{
    private static readonly JsonElement WithAction = JsonElement.Parse("""{"type":"object","properties":{"action":{"type":"string"},"x":{}}}""");
    private static readonly JsonElement WithoutAction = JsonElement.Parse("""{"type":"object","properties":{"x":{}}}""");

    [Theory]
    [InlineData("""{"tool":"t","action":" list ","args":{"x":1}}""", true, """{"x":1,"action":"list"}""")]
    [InlineData("""{"tool":"t","action":"list","args":{"action":"keep"}}""", true, """{"action":"keep"}""")]
    [InlineData("""{"tool":"t","action":"list","args":{"x":1}}""", false, """{"x":1}""")]
    [InlineData("""{"tool":"t","action":5}""", true, "{}")]
    [InlineData("""{"tool":"t","action":"list","args":"nope"}""", true, """{"action":"list"}""")]
    public void ArgumentsFor_CopiesActionOnlyIntoArgsWithoutOne_WhenTheSchemaDeclaresIt(string body, bool declared, string expected)
    {
        // Arrange
        var request = ToolInvokeRequest.From(JsonElement.Parse(body));

        // Act
        var arguments = request.ArgumentsFor(declared ? WithAction : WithoutAction);

        // Assert
        arguments.GetRawText().Should().Be(expected);
    }

    [Theory]
    [InlineData("""{"tool":"t"}""", "main", null, null)]
    [InlineData("""{"tool":"t","sessionKey":"  ","agentId":5,"idempotencyKey":" "}""", "main", null, null)]
    [InlineData("""{"tool":"t","agentId":"  "}""", "main", null, null)]
    [InlineData("""{"tool":"t","sessionKey":" Agent:Beta:x ","agentId":" beta ","idempotencyKey":" k-1 "}""", "Agent:Beta:x", " beta ", "k-1")]
    public void From_ReadsSessionKeyAgentAndIdempotencyKey(string body, string sessionKey, string? agentId, string? idempotencyKey)
    {
        // Act
        var request = ToolInvokeRequest.From(JsonElement.Parse(body));

        // Assert
        (request.SessionKey, request.AgentId, request.IdempotencyKey).Should().Be((sessionKey, agentId, idempotencyKey));
    }
}
