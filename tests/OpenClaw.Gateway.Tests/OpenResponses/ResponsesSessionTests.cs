using System.Net;
using OpenClaw.Core.Sessions;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.OpenResponses;

/// <summary>Session keys and <c>previous_response_id</c> on <c>/v1/responses</c> (http-api.md §6.8; checklist 21).</summary>
public sealed class ResponsesSessionTests : IAsyncLifetime
{
    private UpstreamFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await UpstreamFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task SameUser_ContinuesTheOpenresponsesUserSession()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Text("first answer"), FakeUpstreamResponse.Text("second answer"));
        var client = _fixture.CreateClient();

        await client.PostResponseAsync("""{"model":"openclaw/main","input":"first question","user":"Alice"}""");
        await client.PostResponseAsync("""{"model":"openclaw/main","input":"second question","user":"Alice"}""");

        Conversation(2).Should().Contain("first question").And.Contain("first answer");
        var store = _fixture.Gateway.Services.GetRequiredService<ISessionStore>();
        (await store.GetSessionAsync("agent:main:openresponses-user:alice", CancellationToken.None)).Should().NotBeNull();
    }

    [Fact]
    public async Task NoUser_IsANewSessionEachCall()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Text("first answer"), FakeUpstreamResponse.Text("second answer"));
        var client = _fixture.CreateClient();

        await client.PostResponseAsync("""{"model":"openclaw/main","input":"first question"}""");
        await client.PostResponseAsync("""{"model":"openclaw/main","input":"second question"}""");

        Conversation(2).Should().NotContain("first question");
    }

    [Fact]
    public async Task PreviousResponseId_ContinuesTheFirstSession_EvenWithAnotherUser()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Text("first answer"), FakeUpstreamResponse.Text("second answer"));
        var client = _fixture.CreateClient();

        var first = await (await client.PostResponseAsync("""{"model":"openclaw/main","input":"first question","user":"alice"}""")).JsonAsync();
        var id = first.GetProperty("id").GetString();
        var second = await client.PostResponseAsync($$"""{"model":"openclaw/main","input":"second question","user":"bob","previous_response_id":"{{id}}"}""");

        second.StatusCode.Should().Be(HttpStatusCode.OK);
        Conversation(2).Should().Contain("first question").And.Contain("first answer");
    }

    [Fact]
    public async Task PreviousResponseId_FromAStream_ContinuesToo()
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Text("first answer"), FakeUpstreamResponse.Text("second answer"));
        var client = _fixture.CreateClient();

        var frames = await (await client.PostResponseAsync("""{"model":"openclaw/main","input":"first question","stream":true}""")).EventsAsync();
        var id = System.Text.Json.JsonDocument.Parse(frames[0].Data).RootElement.GetProperty("response").GetProperty("id").GetString();
        await client.PostResponseAsync($$"""{"model":"openclaw/main","input":"second question","previous_response_id":"{{id}}"}""");

        Conversation(2).Should().Contain("first question");
    }

    [Theory]
    [InlineData("openclaw/beta", null)]
    [InlineData("openclaw/main", "other-key")]
    [InlineData("openclaw/main", "unknown-id")]
    public async Task PreviousResponseId_OutOfScopeOrUnknown_IsIgnored(string model, string? variant)
    {
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.Text("first answer"), FakeUpstreamResponse.Text("second answer"));
        var client = _fixture.CreateClient();
        var first = await (await client.PostResponseAsync("""{"model":"openclaw/main","input":"first question"}""")).JsonAsync();
        var id = variant == "unknown-id" ? "resp_unknown" : first.GetProperty("id").GetString();
        (string, string)[] headers = variant == "other-key" ? [("x-openclaw-session-key", "other-key")] : [];

        var second = await client.PostResponseAsync($$"""{"model":"{{model}}","input":"second question","previous_response_id":"{{id}}"}""", headers);

        second.StatusCode.Should().Be(HttpStatusCode.OK);
        Conversation(2).Should().NotContain("first question");
    }

    [Fact]
    public async Task PreviousResponseId_FromAnotherAuthSubject_IsIgnored()
    {
        // Arrange: auth "none", where the subject is the bearer credential's hash when one is sent, else the mode.
        await using var upstream = await FakeOpenAiUpstream.StartAsync();
        upstream.Enqueue(FakeUpstreamResponse.Text("first answer"), FakeUpstreamResponse.Text("other"), FakeUpstreamResponse.Text("same"));
        await using var gateway = new GatewayFactory(TestConfigs.Upstream(upstream.BaseUrl).Replace(
            $"auth: {{ mode: 'token', token: '{TestConfigs.Token}' }}", "auth: { mode: 'none' }", StringComparison.Ordinal));
        var anonymous = gateway.CreateClient();
        var id = (await (await anonymous.PostResponseAsync("""{"model":"openclaw/main","input":"first question"}""")).JsonAsync()).GetProperty("id").GetString();
        var continuation = $$"""{"model":"openclaw/main","input":"next","previous_response_id":"{{id}}"}""";

        // Act
        var withBearer = await gateway.CreateAuthorizedClient("someone-else").PostResponseAsync(continuation);
        var sameSubject = await anonymous.PostResponseAsync(continuation);

        // Assert
        withBearer.StatusCode.Should().Be(HttpStatusCode.OK);
        sameSubject.StatusCode.Should().Be(HttpStatusCode.OK);
        Messages(upstream, 2).Should().NotContain("first question");
        Messages(upstream, 3).Should().Contain("first question");
    }

    [Fact]
    public async Task PreviousResponseId_SurvivesAGatewayRestart()
    {
        // Arrange: the first turn on one gateway process, which then stops.
        await using var upstream = await FakeOpenAiUpstream.StartAsync();
        upstream.Enqueue(FakeUpstreamResponse.Text("first answer"), FakeUpstreamResponse.Text("second answer"));
        var config = TestConfigs.Upstream(upstream.BaseUrl);
        string? id;
        var stateDir = Directory.CreateTempSubdirectory("openclaw-test-").FullName;
        await using (var before = new GatewayFactory(config, stateDir: stateDir))
        {
            id = (await (await before.CreateAuthorizedClient().PostResponseAsync("""{"model":"openclaw/main","input":"first question"}""")).JsonAsync())
                .GetProperty("id").GetString();
        }

        try
        {
            // Act: a new gateway on the same state.
            await using var after = new GatewayFactory(config, stateDir: stateDir);
            var second = await after.CreateAuthorizedClient().PostResponseAsync($$"""{"model":"openclaw/main","input":"second question","previous_response_id":"{{id}}"}""");

            // Assert
            second.StatusCode.Should().Be(HttpStatusCode.OK);
            var messages = string.Join("\n", upstream.ChatRequests[1].Json!.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").ToString()));
            messages.Should().Contain("first question").And.Contain("first answer");
        }
        finally
        {
            GatewayFactory.TryDelete(stateDir);
        }
    }

    private static string Messages(FakeOpenAiUpstream upstream, int call) =>
        string.Join("\n", upstream.ChatRequests[call - 1].Json!.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").ToString()));

    private string Conversation(int call) => string.Join("\n", _fixture.UpstreamBody(call).GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").ToString()));
}
