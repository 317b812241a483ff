using System.Text;
using OpenClaw.Gateway.WebSockets;

namespace OpenClaw.Gateway.Tests.WebSockets.Units;

/// <summary>Request frames (gateway-protocol.md §2, §4.1) and connect params (§3.2).</summary>
public class SocketRequestTests
{
    [Theory]
    [InlineData("""{"type":"req","id":"1","method":"health"}""", "1", "health")]
    [InlineData("""{"type":"req","id":"2:abc","method":"agent","params":{"message":"x"}}""", "2:abc", "agent")]
    public void TryParse_AcceptsRequestFrames(string frame, string id, string method)
    {
        SocketRequest.TryParse(Encoding.UTF8.GetBytes(frame), out var request, out _).Should().BeTrue();

        (request.Id, request.Method).Should().Be((id, method));
    }

    [Theory]
    [InlineData("not json", null)]
    [InlineData("[1]", null)]
    [InlineData("""{"type":"event","id":"1","method":"x"}""", "1")]
    [InlineData("""{"type":"req","id":"","method":"x"}""", null)]
    [InlineData("""{"type":"req","id":"7","method":""}""", "7")]
    [InlineData("""{"type":"req","id":"7","method":"x","extra":1}""", "7")]
    [InlineData("""{"type":"req","id":7,"method":"x"}""", null)]
    public void TryParse_RefusesOtherFrames_KeepingTheIdWhenReadable(string frame, string? id)
    {
        SocketRequest.TryParse(Encoding.UTF8.GetBytes(frame), out _, out var readId).Should().BeFalse();

        readId.Should().Be(id);
    }

    [Theory]
    [InlineData(3, 3, 3)]
    [InlineData(3, 4, 4)]
    [InlineData(4, 9, 4)]
    [InlineData(1, 3, 3)]
    public void ConnectParams_NegotiatesProtocol(int min, int max, int expected)
    {
        var p = ConnectParams.Parse(Json($$$"""{"minProtocol":{{{min}}},"maxProtocol":{{{max}}},"client":{"id":"cli","version":"1","platform":"linux","mode":"cli"}}"""));

        p.Protocol.Should().Be(expected);
    }

    [Theory]
    [InlineData(5, 6)]
    [InlineData(1, 2)]
    public void ConnectParams_ProtocolMismatch_NamesTheExpectedVersion(int min, int max)
    {
        var act = () => ConnectParams.Parse(Json($$$"""{"minProtocol":{{{min}}},"maxProtocol":{{{max}}},"client":{"id":"cli","version":"1","platform":"linux","mode":"cli"}}"""));

        var error = act.Should().Throw<SocketRequestException>().Which;
        error.Message.Should().Be("protocol mismatch");
        error.Details!["expectedProtocol"]!.GetValue<int>().Should().Be(4);
    }

    [Theory]
    [InlineData("""{"minProtocol":4,"maxProtocol":4}""", "invalid connect params: must have required property 'client'")]
    [InlineData("""{"minProtocol":4,"maxProtocol":4,"client":{"id":"nope","version":"1","platform":"linux","mode":"cli"}}""", "invalid connect params: /client/id must be equal to one of the allowed values")]
    [InlineData("""{"minProtocol":4,"maxProtocol":4,"client":{"id":"cli","platform":"linux","mode":"cli"}}""", "invalid connect params: /client must have required property 'version'")]
    [InlineData("""{"minProtocol":"4","maxProtocol":4,"client":{"id":"cli","version":"1","platform":"linux","mode":"cli"}}""", "invalid connect params: /minProtocol must be integer")]
    [InlineData("""{"minProtocol":4,"maxProtocol":4,"client":{"id":"cli","version":"1","platform":"linux","mode":"cli"},"role":"node"}""", "invalid role")]
    [InlineData("""{"minProtocol":4,"maxProtocol":4,"client":{"id":"cli","version":"1","platform":"linux","mode":"cli"},"scopes":"operator.read"}""", "invalid connect params: /scopes must be array of strings")]
    public void ConnectParams_Invalid_SaysWhy(string json, string message)
    {
        var act = () => ConnectParams.Parse(Json(json));

        act.Should().Throw<SocketRequestException>().Which.Message.Should().Be(message);
    }

    [Fact]
    public void ConnectParams_ReadsScopesCapsAndCredentials_IgnoringTheRest()
    {
        var p = ConnectParams.Parse(Json("""
            {"minProtocol":4,"maxProtocol":4,"client":{"id":"cli","version":"2026.9.6","platform":"linux","deviceFamily":"Linux","mode":"cli","instanceId":"x"},
             "caps":["tool-events"],"auth":{"token":"t","deviceToken":"d"},"role":"operator","scopes":["operator.read"],"device":{"id":"ignored"},"locale":"en"}
            """));

        p.Scopes.Should().Equal("operator.read");
        p.Caps.Should().Equal("tool-events");
        (p.Token, p.Password).Should().Be(("t", null));
    }

    private static System.Text.Json.JsonElement Json(string text) => System.Text.Json.JsonDocument.Parse(text).RootElement.Clone();
}
