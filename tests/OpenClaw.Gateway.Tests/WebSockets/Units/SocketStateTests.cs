using System.Text.Json.Nodes;
using OpenClaw.Core.Configuration;
using OpenClaw.Gateway.WebSockets;

namespace OpenClaw.Gateway.Tests.WebSockets.Units;

/// <summary>Config redaction and frame serialization.</summary>
public class SocketStateTests
{
    [Theory]
    [InlineData("""{ gateway: { auth: { token: 'abc', mode: "token" } } }""", """{ gateway: { auth: { token: "__OPENCLAW_REDACTED__", mode: "token" } } }""")]
    [InlineData("""{"apiKey": "sk-1", "password":"p\"q", botToken: "x", maxTokens: 5}""", """{"apiKey": "__OPENCLAW_REDACTED__", "password":"__OPENCLAW_REDACTED__", botToken: "__OPENCLAW_REDACTED__", maxTokens: 5}""")]
    [InlineData("""{ clientSecret: '${SECRET}', name: 'token' }""", """{ clientSecret: "__OPENCLAW_REDACTED__", name: 'token' }""")]
    [InlineData("{ token: /* rotate monthly */ 'tok-1' }", """{ token: /* rotate monthly */ "__OPENCLAW_REDACTED__" }""")]
    [InlineData("{ apiKey: // production\n  \"sk-2\" }", "{ apiKey: // production\n  \"__OPENCLAW_REDACTED__\" }")]
    [InlineData("{ apiKey: \"sk-continued-\\\nsecret\" }", "{ apiKey: \"__OPENCLAW_REDACTED__\" }")]
    [InlineData("""{ "api\u004Bey": "sk-escaped" }""", """{ "api\u004Bey": "__OPENCLAW_REDACTED__" }""")]
    public void RedactText_ReplacesSecretStringValues(string text, string expected)
    {
        ConfigRedaction.RedactText(text).Should().Be(expected);
    }

    [Theory]
    [InlineData("""{ "my token": 'tok-3', keep: 1 }""", """{ "my token": "__OPENCLAW_REDACTED__", keep: 1 }""")]
    [InlineData("""{ headers: { "X-Custom": "hdr-secret" }, keep: 1 }""", """{ headers: { "X-Custom": "__OPENCLAW_REDACTED__" }, keep: 1 }""")]
    [InlineData("{ env: { OPENROUTER_KEY: 'sk-or-v1-1', vars: { GITHUB_PAT: 'ghp_1' } }, // keys\n a: 'sk-or-v1-1 again' }", "{ env: { OPENROUTER_KEY: \"__OPENCLAW_REDACTED__\", vars: { GITHUB_PAT: \"__OPENCLAW_REDACTED__\" } }, // keys\n a: \"__OPENCLAW_REDACTED__\" }")]
    [InlineData("{ db: 'postgres://app:pw@db:5432/x' /* main */ }", "{ db: \"postgres://__OPENCLAW_REDACTED__@db:5432/x\" /* main */ }")]
    public void RedactText_FindsSecretsByWhereTheyStand_KeepingTheRestOfTheText(string text, string expected)
    {
        // Headers, keys with spaces, env values, strings holding a secret and URL user info: by structure, not by a key pattern.
        ConfigRedaction.RedactText(text).Should().Be(expected);
    }

    [Fact]
    public void Redact_EffectiveConfig_HidesValuesSubstitutedFromTheEnvironment()
    {
        var file = JsonNode.Parse("""{"models":{"providers":{"p":{"baseUrl":"https://x/?key=${P_API_KEY}","name":"${P_NAME}"}}}}""");
        var effective = JsonNode.Parse("""{"models":{"providers":{"p":{"baseUrl":"https://x/?key=real","name":"Plain"}}}}""");

        ConfigRedaction.Redact(effective, file)!.ToJsonString().Should().Be(
            """{"models":{"providers":{"p":{"baseUrl":"__OPENCLAW_REDACTED__","name":"__OPENCLAW_REDACTED__"}}}}""",
            "any value built by ${VAR} substitution may hold a secret");
    }

    [Fact]
    public void Redact_ReplacesSecretValuesAtAnyDepth()
    {
        var node = JsonNode.Parse("""{"models":{"providers":{"p":{"apiKey":"sk","models":[{"id":"m","maxTokens":5}]}}},"gateway":{"auth":{"password":"pw"}}}""");

        ConfigRedaction.Redact(node)!.ToJsonString().Should().Be(
            """{"models":{"providers":{"p":{"apiKey":"__OPENCLAW_REDACTED__","models":[{"id":"m","maxTokens":5}]}}},"gateway":{"auth":{"password":"__OPENCLAW_REDACTED__"}}}""");
    }

    [Fact]
    public void Frames_KeepTheSpecsKeyOrder_AndOmitAbsentKeys()
    {
        System.Text.Encoding.UTF8.GetString(SocketFrames.Response("1", new JsonObject { ["a"] = 1 })).Should().Be("""{"type":"res","id":"1","ok":true,"payload":{"a":1}}""");
        System.Text.Encoding.UTF8.GetString(SocketFrames.Event("tick", """{"ts":1}"""u8, 0)).Should().Be("""{"type":"event","event":"tick","payload":{"ts":1}}""");
        System.Text.Encoding.UTF8.GetString(SocketFrames.Event("health", """{}"""u8, 3, new JsonObject { ["presence"] = 1, ["health"] = 2 }))
            .Should().Be("""{"type":"event","event":"health","payload":{},"seq":3,"stateVersion":{"presence":1,"health":2}}""");
        System.Text.Encoding.UTF8.GetString(SocketFrames.Error("x", SocketRequestException.Invalid("bad"))).Should().Be(
            """{"type":"res","id":"x","ok":false,"error":{"code":"INVALID_REQUEST","message":"bad"}}""");
    }
}
