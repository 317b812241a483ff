using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using OpenClaw.Core.Sessions;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.OpenAi;

/// <summary>
/// A user message of a few MiB through <c>/v1/chat/completions</c>: its text travels as slices of the request body
/// (and, where escaped, as unescaped bytes) to the upstream and the transcript, and must arrive exactly.
/// </summary>
public sealed class LargeMessageTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private UpstreamFixture _fixture = null!;

    public async Task InitializeAsync()
    {
        _fixture = await UpstreamFixture.StartAsync(agents: "main");
        _fixture.Upstream.Responder = _ => new FakeUpstreamResponse { Chunks = ["ok"] };
    }

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public async Task ChatCompletion_ThreeMiBMessageWithEscapesAndNonAscii_ReachesUpstreamAndTranscriptExactly(bool stream, bool escapes)
    {
        // Arrange: raw multi-byte characters (sent as is), with or without characters JSON must escape (\" \\ \n \t
        // \u0007, and the emoji as a \ud83d\ude00 pair); without escapes the message is taken as a slice of the body.
        var unit = escapes ? "Grüße \"quoted\" C:\\path\n\t€ 😀 中文 \u0007 " : "Grüße plain C:/path € 中文 ";
        var text = "start " + string.Concat(Enumerable.Repeat(unit, 3 * 1024 * 1024 / Encoding.UTF8.GetByteCount(unit))) + "end";
        var content = JsonSerializer.Serialize(text, Relaxed);
        var user = $"big-{(stream ? "sse" : "json")}-{(escapes ? "escaped" : "plain")}";
        var body = $$"""{"model":"openclaw","user":"{{user}}","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":{{content}}}]}""";

        // Act
        var response = await _fixture.CreateClient().PostRawAsync(body);
        var reply = await response.Content.ReadAsStringAsync();

        // Assert: the body is the size the test is about, with escapes only where asked for
        Encoding.UTF8.GetByteCount(body).Should().BeGreaterThan(3_000_000);
        content.Contains("\\uD83D\\uDE00", StringComparison.Ordinal).Should().Be(escapes);
        content.Contains('\\', StringComparison.Ordinal).Should().Be(escapes);
        response.StatusCode.Should().Be(HttpStatusCode.OK, reply);
        reply.Should().Contain("ok");

        // Assert: the upstream got the text exactly, after the envelope
        var messages = _fixture.UpstreamMessages(1);
        messages.Select(m => m.Role).Should().Equal("system", "user");
        var sent = messages[1].Content;
        LargeText.ShouldEqual(UpstreamFixture.WithoutEnvelope(sent), text);

        // Assert: the transcript stored the same user text
        var store = _fixture.Gateway.Services.GetRequiredService<ISessionStore>();
        var session = await store.GetSessionAsync($"agent:main:openai-user:{user}", CancellationToken.None);
        var entries = await store.ReadTranscriptAsync(session!.SessionId, CancellationToken.None);
        using var stored = JsonDocument.Parse(entries[0].PayloadJson);
        stored.RootElement.GetProperty("message").GetProperty("role").GetString().Should().Be("user");
        LargeText.ShouldEqual(stored.RootElement.GetProperty("message").GetProperty("content").GetString(), sent);
    }
}
