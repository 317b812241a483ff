using System.Net;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.OpenResponses;

/// <summary><c>x-openclaw-model</c> on <c>/v1/responses</c> (http-api.md §6.1 #6 and #9, §6.11 [extension]).</summary>
public sealed class ResponsesModelOverrideTests : IAsyncLifetime
{
    private FakeOpenAiUpstream _upstream = null!;
    private GatewayFactory _gateway = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeOpenAiUpstream.StartAsync();
        _gateway = new GatewayFactory(TestConfigs.Upstream(_upstream.BaseUrl, "main"));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    // models.mode is 'replace': the config does not route to openai, which counts as having no credentials for it.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ProviderWithoutCredentials_IsA401FailedResponse_InBothModes_WithoutARun(bool stream)
    {
        var response = await _gateway.CreateAuthorizedClient().PostResponseAsync(
            $$"""{"model":"openclaw/main","input":"hi","stream":{{(stream ? "true" : "false")}}}""", ("x-openclaw-model", "openai/gpt-4o"));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var body = await response.JsonAsync();
        body.GetProperty("object").GetString().Should().Be("response");
        body.GetProperty("status").GetString().Should().Be("failed");
        body.GetProperty("error").GetRawText().Should().Be(
            """{"code":"authentication_error","message":"No route-compatible authentication source is configured for openai."}""");
        _upstream.ChatRequests.Should().BeEmpty();
    }

    [Fact]
    public async Task MalformedOverride_Is400Envelope()
    {
        var response = await _gateway.CreateAuthorizedClient().PostResponseAsync("""{"model":"openclaw/main","input":"hi"}""", ("x-openclaw-model", "not a model"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ErrorMessageAsync()).Should().Be("Invalid `x-openclaw-model`.");
    }

    [Fact]
    public async Task Override_ReachesTheProvider()
    {
        _upstream.Enqueue(FakeUpstreamResponse.Text("ok"));

        var response = await _gateway.CreateAuthorizedClient().PostResponseAsync("""{"model":"openclaw/main","input":"hi"}""", ("x-openclaw-model", "mock/mock-model"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _upstream.ChatRequests.Should().ContainSingle();
    }
}
