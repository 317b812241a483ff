using System.Net;
using OpenClaw.Core.Sessions;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.OpenAi;

public sealed class SessionKeyTests : IAsyncLifetime
{
    private UpstreamFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await UpstreamFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task SameUser_ContinuesTheSession_WithRealHistoryUpstream()
    {
        // Arrange
        var client = _fixture.CreateClient();

        // Act
        await client.PostRawAsync(HttpTestExtensions.ChatBody("my name is Zed", "openclaw/main", extra: "\"user\":\"Conv-42\","));
        await client.PostRawAsync(HttpTestExtensions.ChatBody("what is my name", "openclaw/main", extra: "\"user\":\"conv-42\","));

        // Assert
        var messages = _fixture.UpstreamMessages(2);
        messages.Select(m => m.Role).Should().Equal("system", "user", "assistant", "user");
        UpstreamFixture.WithoutEnvelope(messages[1].Content).Should().Be("my name is Zed");
        messages[2].Content.Should().Be("echo: my name is Zed");
        UpstreamFixture.WithoutEnvelope(messages[3].Content).Should().Be("what is my name");
        (await Session("agent:main:openai-user:conv-42")).Should().NotBeNull("the key is lower-cased");
    }

    [Fact]
    public async Task SameUserOnAnotherAgent_IsAnotherSession()
    {
        var client = _fixture.CreateClient();

        await client.PostRawAsync(HttpTestExtensions.ChatBody("main turn", "openclaw/main", extra: "\"user\":\"conv-7\","));
        await client.PostRawAsync(HttpTestExtensions.ChatBody("beta turn", "openclaw/beta", extra: "\"user\":\"conv-7\","));

        _fixture.UpstreamMessages(2).Select(m => m.Role).Should().Equal("system", "user");
        (await Session("agent:beta:openai-user:conv-7")).Should().NotBeNull();
    }

    [Fact]
    public async Task NoUser_IsANewSessionEveryCall()
    {
        var client = _fixture.CreateClient();

        await client.PostRawAsync(HttpTestExtensions.ChatBody("one", "openclaw/main"));
        await client.PostRawAsync(HttpTestExtensions.ChatBody("two", "openclaw/main"));

        _fixture.UpstreamMessages(2).Select(m => m.Role).Should().Equal("system", "user");
        var sessions = (await Store.ListSessionsAsync(new SessionQuery { AgentId = "main" }, CancellationToken.None)).Sessions;
        sessions.Should().HaveCount(2).And.OnlyContain(s => s.SessionKey.StartsWith("agent:main:openai:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HeaderKey_BeatsUser_AndBareKeysAreScopedToTheChosenAgent()
    {
        var client = _fixture.CreateClient();

        await client.PostRawAsync(HttpTestExtensions.ChatBody("first", "openclaw/main"), headers: ("x-openclaw-session-key", "My-Session-1"));
        await client.PostRawAsync(HttpTestExtensions.ChatBody("second", "openclaw/main", extra: "\"user\":\"someone\","), headers: ("x-openclaw-session-key", "my-session-1"));

        _fixture.UpstreamMessages(2).Should().HaveCount(4);
        (await Session("agent:main:my-session-1")).Should().NotBeNull();
        (await Session("agent:main:openai-user:someone")).Should().BeNull();
    }

    [Fact]
    public async Task AgentScopedKey_SelectsItsAgent_EvenAgainstTheModel()
    {
        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("scoped", "openclaw/main"), headers: ("x-openclaw-session-key", "agent:beta:custom"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.JsonAsync()).GetProperty("model").GetString().Should().Be("openclaw/main");
        (await Session("agent:beta:custom"))!.AgentId.Should().Be("beta");
        _fixture.UpstreamMessages(1)[0].Content.Should().Contain("Runtime: agent=beta | session=agent:beta:custom");
    }

    [Fact]
    public async Task AgentScopedKey_CountsAsExplicitSelection()
    {
        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("x", "openclaw"), headers: ("x-openclaw-session-key", "agent:main:k1"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("cron:abc")]
    [InlineData("Subagent:x")]
    [InlineData("acp:1")]
    [InlineData("agent:main:cron:nightly")]
    [InlineData("agent:main:subagent:s1")]
    [InlineData("agent:main:harness:h")]
    public async Task ReservedNamespaces_AreRejected(string key)
    {
        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("x", "openclaw/main"), headers: ("x-openclaw-session-key", key));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ErrorMessageAsync()).Should().Be("`x-openclaw-session-key` cannot use reserved internal session namespaces.");
        _fixture.Upstream.ChatRequests.Should().BeEmpty();
    }

    [Fact]
    public async Task AgentScopedKey_OfUnknownAgent_IsRejected()
    {
        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("x", "openclaw/main"), headers: ("x-openclaw-session-key", "agent:ghost:k"));

        (await response.ErrorMessageAsync()).Should().Be("Unknown agent 'ghost'.");
    }

    [Fact]
    public async Task MessageChannel_IsRecordedOnTheSession()
    {
        await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("x", "openclaw/main", extra: "\"user\":\"ch\","), headers: ("x-openclaw-message-channel", " Slack "));

        (await Session("agent:main:openai-user:ch"))!.Channel.Should().Be("slack");
        _fixture.UpstreamMessages(1)[0].Content.Should().Contain("channel=slack");
    }

    private ISessionStore Store => _fixture.Gateway.Services.GetRequiredService<ISessionStore>();

    private Task<SessionEntry?> Session(string key) => Store.GetSessionAsync(key, CancellationToken.None);
}
