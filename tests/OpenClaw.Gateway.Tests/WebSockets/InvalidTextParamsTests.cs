using System.Net.WebSockets;
using OpenClaw.Core.Json;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.WebSockets;

/// <summary>
/// Lone surrogate escapes in WebSocket params (text frames are UTF-8, so escapes are how invalid text arrives):
/// message text is taken with U+FFFD, any other string or a property name is <c>INVALID_REQUEST</c>, never
/// <c>UNAVAILABLE</c> from a crashed handler.
/// </summary>
public sealed class InvalidTextParamsTests : IAsyncLifetime
{
    private const string Fault = $"must be valid text ({JsonText.Fault})";

    private KestrelGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await WsGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Theory]
    [InlineData("sessions.list", """{"\ud800":1}""", "invalid sessions.list params: property names must be valid text (invalid UTF-8 or a lone surrogate)")]
    [InlineData("chat.history", """{"sessionKey":"s","x\udc00":1}""", "invalid chat.history params: property names must be valid text (invalid UTF-8 or a lone surrogate)")]
    [InlineData("chat.send", """{"sessionKey":"s","message":"hi","idempotencyKey":"k","attachments":[{"\ud800":1}]}""", "invalid chat.send params: property names must be valid text (invalid UTF-8 or a lone surrogate)")]
    [InlineData("chat.send", """{"sessionKey":"s\ud800","message":"hi","idempotencyKey":"k"}""", $"invalid chat.send params: /sessionKey {Fault}")]
    [InlineData("sessions.preview", """{"keys":["ok","k\udc00"]}""", $"invalid sessions.preview params: /keys {Fault}")]
    [InlineData("chat.send", """{"sessionKey":"s","message":"hi","idempotencyKey":"k","attachments":[{"type":"image","content":"iVBO\ud800"}]}""", "invalid chat.send params: attachment content is not valid base64")]
    public async Task InvalidText_OutsideMessageText_IsInvalidRequest(string method, string parameters, string message)
    {
        // Arrange
        await using var client = await WsTestClient.ConnectedAsync(_gateway);

        // Act
        var response = await client.RequestAsync(method, parameters);
        var health = await client.RequestAsync("health");

        // Assert
        response.Error().Str("code").Should().Be("INVALID_REQUEST");
        response.Error().Str("message").Should().Be(message);
        health.GetProperty("ok").GetBoolean().Should().BeTrue("the socket stays usable");
    }

    [Fact]
    public async Task ChatSend_MessageWithLoneSurrogates_IsAccepted_WithReplacementCharacters()
    {
        // Arrange
        await using var client = await WsTestClient.ConnectedAsync(_gateway);

        // Act
        await client.CallAsync("chat.send", """{"sessionKey":"sur","message":"\udc00 hi \ud83d","idempotencyKey":"sur-1"}""");
        var final = await client.WaitForChatDoneAsync("sur-1");

        // Assert
        final.Str("state").Should().Be("final");
        final.GetProperty("message").MessageText().Should().Be("echo: \uFFFD hi \uFFFD");
    }

    [Fact]
    public async Task Agent_MessageWithALoneSurrogate_IsAccepted_AndAnAttachmentOfUnreadableTypeIsSkipped()
    {
        // Arrange
        await using var client = await WsTestClient.ConnectedAsync(_gateway);

        // Act
        var id = await client.SendRequestAsync("agent", """{"message":"x\ud800y","idempotencyKey":"sur-agent","attachments":[{"type":"im\ud800age","content":"AAAA"}]}""");
        var accepted = await client.ResponseAsync(id);
        var final = await client.ResponseAsync(id);

        // Assert
        accepted.GetProperty("ok").GetBoolean().Should().BeTrue();
        final.GetProperty("payload").GetProperty("result").GetProperty("payloads")[0].Str("text").Should().Be("echo: x\uFFFDy");
    }

    [Theory]
    [InlineData("\"id\":\"cli\"", "\"id\":\"cli\\ud800\"", $"invalid connect params: /client/id {Fault}")]
    [InlineData("\"token\":", "\"\\udc00\":1,\"token\":", "invalid connect params: property names must be valid text (invalid UTF-8 or a lone surrogate)")]
    [InlineData("\"role\":\"operator\"", "\"role\":\"oper\\ud800ator\"", $"invalid connect params: /role {Fault}")]
    [InlineData("\"auth\":{", "\"caps\":[\"tool-events\\udc00\"],\"auth\":{", $"invalid connect params: /caps {Fault}")]
    public async Task Connect_WithInvalidText_IsRefused_WithAClearReason(string find, string replace, string message)
    {
        // Arrange
        await using var client = await WsTestClient.OpenAsync(_gateway);
        await client.ReceiveEventAsync("connect.challenge");
        var parameters = WsTestClient.ConnectParams().ToJsonString().Replace(find, replace, StringComparison.Ordinal);

        // Act
        await client.SendAsync(WsTestClient.RequestText("c1", "connect", parameters));
        var response = await client.ResponseAsync("c1");

        // Assert
        response.Error().Str("message").Should().Be(message);
        (await client.WaitForCloseAsync()).Status.Should().Be(WebSocketCloseStatus.PolicyViolation);
    }
}
