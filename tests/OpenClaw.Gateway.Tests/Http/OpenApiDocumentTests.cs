using System.Net;
using System.Text.Json;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.Http;

public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    private readonly GatewayFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Document_DescribesChatCompletions()
    {
        var response = await _factory.CreateAuthorizedClient().GetAsync("/openapi/v1.json");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var document = await response.JsonAsync();
        document.GetProperty("openapi").GetString().Should().StartWith("3.1");
        var post = document.GetProperty("paths").GetProperty("/v1/chat/completions").GetProperty("post");
        post.GetProperty("operationId").GetString().Should().Be("CreateChatCompletion");
        post.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetRawText().Should().Contain("messages");
        post.GetProperty("responses").EnumerateObject().Select(r => r.Name).Should().Contain(["200", "400", "401", "413", "502"]);
        document.GetProperty("paths").EnumerateObject().Select(p => p.Name).Should().NotContain("/healthz");
    }

    [Fact]
    public async Task Document_DescribesToolsAndSessions_FromTheirResultTypes()
    {
        // Act
        var document = await (await _factory.CreateAuthorizedClient().GetAsync("/openapi/v1.json")).JsonAsync();

        // Assert: success bodies from JsonBodyResult<T>, 403/404/500 from GatewayFailure, transport errors from OpenAiFailure
        var paths = document.GetProperty("paths");
        var invoke = paths.GetProperty("/tools/invoke").GetProperty("post").GetProperty("responses");
        Schema(invoke, "200").Should().Contain("ToolInvokeResponse");
        Schema(invoke, "403").Should().Contain("GatewayErrorEnvelope");
        Schema(invoke, "404").Should().Contain("GatewayErrorEnvelope");
        Schema(invoke, "500").Should().Contain("GatewayErrorEnvelope");
        Schema(invoke, "413").Should().Contain("OpenAiErrorEnvelope");

        var history = paths.GetProperty("/sessions/{key}/history").GetProperty("get").GetProperty("responses");
        Schema(history, "200").Should().Contain("SessionHistoryPage");
        Schema(history, "400").Should().Contain("OpenAiErrorEnvelope");
        Schema(history, "404").Should().Contain("GatewayErrorEnvelope");

        var kill = paths.GetProperty("/sessions/{key}/kill").GetProperty("post").GetProperty("responses");
        Schema(kill, "200").Should().Contain("SessionKillResponse");
        Schema(kill, "403").Should().Contain("GatewayErrorEnvelope");

        var envelope = document.GetProperty("components").GetProperty("schemas").GetProperty("GatewayErrorEnvelope");
        envelope.GetProperty("properties").EnumerateObject().Select(p => p.Name).Should().Equal("ok", "error");
    }

    [Fact]
    public async Task Document_RequiresAuth()
    {
        var response = await _factory.CreateClient().GetAsync("/openapi/v1.json");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private static string Schema(JsonElement responses, string status) =>
        responses.GetProperty(status).GetProperty("content").GetProperty("application/json; charset=utf-8").GetProperty("schema").GetRawText();
}
