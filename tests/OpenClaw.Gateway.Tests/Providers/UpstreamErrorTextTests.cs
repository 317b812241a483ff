using System.Net;
using Microsoft.Extensions.Logging;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Gateway.Tests.WebSockets;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.Providers;

/// <summary>
/// Only a provider's structured error message reaches clients (http-api.md §4.14 "provider text"); an HTML page or
/// plain text from whatever answers at a wrong <c>baseUrl</c> becomes a generic message, the body going to the log.
/// </summary>
public sealed class UpstreamErrorTextTests : IAsyncLifetime
{
    private const string InternalPage = "<!DOCTYPE html><html><head><title>Error</title></head><body><h1>billing-db.corp.internal is down</h1></body></html>";

    private readonly CapturingLoggerProvider _logs = new();
    private FakeOpenAiUpstream _upstream = null!;
    private KestrelGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeOpenAiUpstream.StartAsync();
        _gateway = await KestrelGateway.StartAsync(TestConfigs.Upstream(_upstream.BaseUrl, "main"), services: s => s.AddSingleton<ILoggerProvider>(_logs));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task Http_HtmlErrorPage_IsAGenericMessage_AndTheBodyIsLoggedAtWarning()
    {
        // Arrange: a 404 is passed on as "provider text" (one attempt, no retry).
        _upstream.Enqueue(new FakeUpstreamResponse { StatusCode = 404, ErrorBody = InternalPage, ErrorContentType = "text/html" });
        using var client = _gateway.CreateClient();

        // Act
        using var response = await client.PostRawAsync(HttpTestExtensions.ChatBody("hi", "openclaw/main"));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"404 upstream returned HTTP 404","type":"invalid_request_error"}}""");
        _logs.Entries.Should().ContainSingle(e => e.EventId.Name == "UnstructuredUpstreamError")
            .Which.Should().Match<(LogLevel Level, EventId EventId, string Message)>(e => e.Level == LogLevel.Warning && e.Message.Contains(InternalPage));
    }

    [Fact]
    public async Task Http_StructuredError_KeepsTheProvidersMessage_AndLogsNoBody()
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.Error(404, """{"error":{"message":"The model `mock-model` does not exist","code":"model_not_found"}}"""));
        using var client = _gateway.CreateClient();

        // Act
        using var response = await client.PostRawAsync(HttpTestExtensions.ChatBody("hi", "openclaw/main"));

        // Assert
        (await response.ErrorMessageAsync()).Should().Be("404 The model `mock-model` does not exist");
        _logs.Entries.Should().NotContain(e => e.EventId.Name == "UnstructuredUpstreamError");
    }

    [Fact]
    public async Task WebSocket_HtmlErrorPage_IsAGenericRunError()
    {
        // Arrange: a 502 is retried, so every attempt gets the page.
        _upstream.Enqueue([.. Enumerable.Repeat(new FakeUpstreamResponse { StatusCode = 502, ErrorBody = InternalPage, ErrorContentType = "text/html" }, 3)]);
        await using var client = await WsTestClient.ConnectedAsync(_gateway);

        // Act
        var id = await client.SendRequestAsync("agent", """{"message":"hi","idempotencyKey":"html-502"}""");
        await client.ResponseAsync(id);
        var final = await client.ResponseAsync(id, TimeSpan.FromSeconds(30));

        // Assert
        final.GetRawText().Should().NotContain("billing-db");
        final.Error().Str("message").Should().Be("502 upstream returned HTTP 502");
        _logs.Entries.Should().Contain(e => e.EventId.Name == "UnstructuredUpstreamError" && e.Level == LogLevel.Warning && e.Message.Contains(InternalPage));
    }
}
