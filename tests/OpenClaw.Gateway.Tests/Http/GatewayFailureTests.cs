using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using OpenClaw.Gateway.Http;

namespace OpenClaw.Gateway.Tests.Http;

/// <summary>The <c>ok:false</c> envelope as a result (http-api.md §3.5, §8.6, §8a): status, headers and exact bytes.</summary>
public sealed class GatewayFailureTests
{
    [Fact]
    public async Task ExecuteAsync_NotFound_WritesTheEnvelope_WithContentLength()
    {
        // Arrange
        var context = NewContext();

        // Act
        await GatewayFailure.NotFound("Session not found: é <a&b>").ExecuteAsync(context);

        // Assert
        var body = """{"ok":false,"error":{"type":"not_found","message":"Session not found: é <a&b>"}}""";
        context.Response.StatusCode.Should().Be(404);
        context.Response.ContentType.Should().Be("application/json; charset=utf-8");
        context.Response.ContentLength.Should().Be(Encoding.UTF8.GetByteCount(body));
        context.Response.Headers.RetryAfter.Should().BeEmpty();
        Body(context).Should().Be(body);
    }

    [Fact]
    public async Task ExecuteAsync_InvalidRequest_Is400()
    {
        // Arrange
        var context = NewContext();

        // Act
        await GatewayFailure.InvalidRequest("tools.invoke requires name").ExecuteAsync(context);

        // Assert
        context.Response.StatusCode.Should().Be(400);
        Body(context).Should().Be("""{"ok":false,"error":{"type":"invalid_request","message":"tools.invoke requires name"}}""");
    }

    [Fact]
    public async Task ExecuteAsync_Retryable_WritesRetryAfterAndTheFlagLast()
    {
        // Arrange
        var context = NewContext();
        var failure = new GatewayFailure(503, new GatewayError("unavailable", "try later", Retryable: true), TimeSpan.FromMilliseconds(200));

        // Act
        await failure.ExecuteAsync(context);

        // Assert
        context.Response.StatusCode.Should().Be(503);
        context.Response.Headers.RetryAfter.ToString().Should().Be("1");
        Body(context).Should().Be("""{"ok":false,"error":{"type":"unavailable","message":"try later","retryable":true}}""");
    }

    [Fact]
    public async Task ExecuteAsync_MissingScope_WithDetails_WritesTheKillShape()
    {
        // Arrange
        var context = NewContext();

        // Act
        await GatewayFailure.MissingScope("operator.admin", MissingScopeDetails.For("operator.admin")).ExecuteAsync(context);

        // Assert
        context.Response.StatusCode.Should().Be(403);
        Body(context).Should().Be(
            """{"ok":false,"error":{"type":"forbidden","message":"missing scope: operator.admin","details":{"code":"MISSING_SCOPE","missingScope":"operator.admin","requiredScopes":["operator.admin"]}}}""");
    }

    [Fact]
    public async Task ExecuteAsync_OnHead_SetsTheLengthButWritesNoBody()
    {
        // Arrange
        var context = NewContext();
        context.Request.Method = HttpMethods.Head;

        // Act
        await GatewayFailure.MissingScope("operator.read").ExecuteAsync(context);

        // Assert
        context.Response.StatusCode.Should().Be(403);
        context.Response.ContentLength.Should().Be(Encoding.UTF8.GetByteCount("""{"ok":false,"error":{"type":"forbidden","message":"missing scope: operator.read"}}"""));
        Body(context).Should().BeEmpty();
    }

    [Fact]
    public void PopulateMetadata_DocumentsTheEnvelope_ForItsStatuses()
    {
        // Arrange
        var builder = new RouteEndpointBuilder(_ => Task.CompletedTask, RoutePatternFactory.Parse("/x"), 0);

        // Act
        GatewayFailure.PopulateMetadata(typeof(GatewayFailureTests).GetMethod(nameof(PopulateMetadata_DocumentsTheEnvelope_ForItsStatuses))!, builder);

        // Assert
        var produces = builder.Metadata.OfType<IProducesResponseTypeMetadata>().ToList();
        produces.Select(p => p.StatusCode).Should().Equal(403, 404, 500);
        produces.Should().AllSatisfy(p =>
        {
            p.Type.Should().Be<GatewayErrorEnvelope>();
            p.ContentTypes.Should().Equal("application/json; charset=utf-8");
        });
    }

    private static DefaultHttpContext NewContext() => new() { Response = { Body = new MemoryStream() } };

    private static string Body(HttpContext context) => Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
}
