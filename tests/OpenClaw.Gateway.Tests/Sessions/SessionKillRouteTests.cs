using System.Net;
using OpenClaw.Core.Coordination;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.Sessions;

/// <summary><c>POST /sessions/{key}/kill</c> (http-api.md §8a.4): admin from declared scopes only; aborts the session's runs.</summary>
public sealed class SessionKillRouteTests
{
    private const string NoAuth = "{ gateway: { auth: { mode: 'none' }, http: { endpoints: { chatCompletions: { enabled: true } } } } }";

    [Fact]
    public async Task Kill_ByASharedSecretCaller_Is403_WithTheMissingScopeDetails()
    {
        await using var gateway = await KestrelGateway.StartAsync(TestConfigs.EchoOnly);
        using var client = gateway.CreateClient();

        using var response = await client.PostAsync("/sessions/main/kill", null);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).Should().Be(
            """{"ok":false,"error":{"type":"forbidden","message":"missing scope: operator.admin","details":{"code":"MISSING_SCOPE","missingScope":"operator.admin","requiredScopes":["operator.admin"]}}}""");
    }

    [Fact]
    public async Task Kill_WithoutAdminInTheDeclaredScopes_Is403()
    {
        await using var gateway = await KestrelGateway.StartAsync(NoAuth);
        using var client = gateway.CreateClient(token: null);
        client.DefaultRequestHeaders.Add("x-openclaw-scopes", "operator.write");

        (await client.PostAsync("/sessions/main/kill", null)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Kill_AbortsTheSessionsActiveRun_AndTheWaitingCallerGetsItsPartialAnswer()
    {
        // Arrange: a run streams some text, then its provider hangs.
        await using var upstream = await FakeOpenAiUpstream.StartAsync();
        upstream.Enqueue(FakeUpstreamResponse.HangAfter("partial "));
        await using var gateway = await KestrelGateway.StartAsync(TestConfigs.Upstream(upstream.BaseUrl, agents: "main").Replace(
            "auth: { mode: 'token', token: '" + TestConfigs.Token + "' }", "auth: { mode: 'none' }", StringComparison.Ordinal));
        using var client = gateway.CreateClient(token: null);
        var running = client.PostRawAsync(HttpTestExtensions.ChatBody("hi", extra: "\"user\":\"victim\","));
        await upstream.WaitForRequestAsync(1);
        var runs = gateway.App.Services.GetRequiredService<IRunCoordination>().Runs;
        await Eventually.TrueAsync(async () => (await runs.ActiveRunIdsAsync("agent:main:openai-user:victim", CancellationToken.None)).Count == 1);

        // Act
        using var killed = await client.PostAsync("/sessions/agent%3Amain%3Aopenai-user%3Avictim/kill", null);
        using var answer = await running;
        using var again = await client.PostAsync("/sessions/openai-user%3Avictim/kill", null);

        // Assert
        (await killed.Content.ReadAsStringAsync()).Should().Be("""{"ok":true,"killed":true}""");
        answer.StatusCode.Should().Be(HttpStatusCode.OK);
        (await again.Content.ReadAsStringAsync()).Should().Be("""{"ok":true,"killed":false}""", "nothing is running any more");
    }

    [Theory]
    [InlineData("/sessions/main/kill?agentId=nope", 400, """{"error":{"message":"Unknown agent id \"nope\"","type":"invalid_request_error"}}""")]
    [InlineData("/sessions/agent%3Aother%3Ax/kill", 400, """{"error":{"message":"Unknown agent id \"other\"","type":"invalid_request_error"}}""")]
    [InlineData("/sessions/agent%3Amain%3Ax/kill?agentId=beta", 400, """{"error":{"message":"agent \"beta\" does not match session key agent \"main\"","type":"invalid_request_error"}}""")]
    [InlineData("/sessions/never-used/kill", 404, """{"ok":false,"error":{"type":"not_found","message":"Session not found: never-used"}}""")]
    public async Task Kill_AgentAndSessionProblems(string path, int status, string body)
    {
        await using var gateway = await KestrelGateway.StartAsync("""
            { gateway: { auth: { mode: 'none' } }, agents: { list: [ { id: 'main', default: true }, { id: 'beta' } ] } }
            """);
        using var client = gateway.CreateClient(token: null);

        using var response = await client.PostAsync(path, null);

        ((int)response.StatusCode).Should().Be(status);
        (await response.Content.ReadAsStringAsync()).Should().Be(body);
    }
}
