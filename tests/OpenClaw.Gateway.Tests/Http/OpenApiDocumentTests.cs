using System.Net;
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
    public async Task Document_RequiresAuth()
    {
        var response = await _factory.CreateClient().GetAsync("/openapi/v1.json");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
