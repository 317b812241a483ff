using System.Net;
using OpenClaw.Core.Sessions;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.OpenAi;

public sealed class AgentSelectionTests : IAsyncLifetime
{
    private readonly GatewayFactory _twoAgents = new(TestConfigs.TwoAgentsEcho);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _twoAgents.DisposeAsync();

    [Theory]
    [InlineData("""{"model":"openclaw","messages":[{"role":"user","content":"x"}]}""")]
    [InlineData("""{"model":"openclaw/default","messages":[{"role":"user","content":"x"}]}""")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}]}""")]
    [InlineData("")]
    public async Task TwoAgents_NoExplicitOwner_IsRejected(string body)
    {
        var response = await _twoAgents.CreateAuthorizedClient().PostRawAsync(body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ErrorMessageAsync()).Should().StartWith("Multiple agents are configured, but this operation has no explicit owner.");
    }

    [Theory]
    [InlineData("openclaw/main", "main")]
    [InlineData("openclaw:beta", "beta")]
    [InlineData("agent:beta", "beta")]
    [InlineData("OpenClaw/Beta", "beta")]
    public async Task ModelNamesTheAgent_AndIsEchoedVerbatim(string model, string agent)
    {
        var response = await _twoAgents.CreateAuthorizedClient().PostRawAsync(HttpTestExtensions.ChatBody("x", model));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.JsonAsync()).GetProperty("model").GetString().Should().Be(model);
        await ExpectSessionOfAgentAsync(agent);
    }

    [Theory]
    [InlineData("gpt-4o")]
    [InlineData("openai/")]
    [InlineData("openclaw/")]
    [InlineData("openclaw/Bad Id!")]
    public async Task ForeignModel_IsInvalid(string model)
    {
        var response = await _twoAgents.CreateAuthorizedClient().PostRawAsync(HttpTestExtensions.ChatBody("x", model));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ErrorMessageAsync()).Should().Be("Invalid `model`. Use `openclaw` or `openclaw/<agentId>`.");
    }

    [Fact]
    public async Task UnknownAgent_InModel_IsRejected()
    {
        var response = await _twoAgents.CreateAuthorizedClient().PostRawAsync(HttpTestExtensions.ChatBody("x", "openclaw/nope"));

        (await response.ErrorMessageAsync()).Should().Be("Unknown agent 'nope'.");
    }

    [Theory]
    [InlineData("x-openclaw-agent-id", "nope", "Unknown agent 'nope'.")]
    [InlineData("x-openclaw-agent-id", "Bad Id!", "Unknown agent 'Bad Id!'.")]
    [InlineData("x-openclaw-agent", "nope", "Unknown agent 'nope'.")]
    public async Task UnknownAgent_InHeader_IsRejected(string header, string value, string message)
    {
        var response = await _twoAgents.CreateAuthorizedClient().PostRawAsync(HttpTestExtensions.ChatBody("x", "openclaw/main"), headers: (header, value));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ErrorMessageAsync()).Should().Be(message);
    }

    [Fact]
    public async Task Header_BeatsModel()
    {
        var response = await _twoAgents.CreateAuthorizedClient().PostRawAsync(HttpTestExtensions.ChatBody("x", "openclaw/main"), headers: ("x-openclaw-agent-id", "BETA"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.JsonAsync()).GetProperty("model").GetString().Should().Be("openclaw/main");
        await ExpectSessionOfAgentAsync("beta");
    }

    [Theory]
    [InlineData("""{"model":"openclaw","messages":[{"role":"user","content":"x"}]}""")]
    [InlineData("""{"model":"openclaw/default","messages":[{"role":"user","content":"x"}]}""")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}]}""")]
    public async Task SingleAgent_IsTheImplicitDefault(string body)
    {
        await using var single = new GatewayFactory();

        var response = await single.CreateAuthorizedClient().PostRawAsync(body);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private async Task ExpectSessionOfAgentAsync(string agent)
    {
        var store = _twoAgents.Services.GetRequiredService<OpenClaw.Core.Sessions.ISessionStore>();
        var sessions = (await store.ListSessionsAsync(new SessionQuery(), CancellationToken.None)).Sessions;
        sessions[0].AgentId.Should().Be(agent);
        sessions[0].SessionKey.Should().StartWith($"agent:{agent}:openai:");
    }
}
