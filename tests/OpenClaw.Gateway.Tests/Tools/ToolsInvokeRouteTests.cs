using System.Net;
using System.Net.Sockets;
using System.Text;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.Tools;

/// <summary>The transport rows of <c>POST /tools/invoke</c> (http-api.md §8.1, §8.6): routing, auth, scope, body.</summary>
public sealed class ToolsInvokeRouteTests
{
    private const string NoName = """{"ok":false,"error":{"type":"invalid_request","message":"tools.invoke requires name"}}""";

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("OPTIONS")]
    public async Task WrongMethod_Is405_BeforeAuth(string method)
    {
        // Arrange
        await using var gateway = await ToolsInvokeGateway.StartAsync();
        using var client = gateway.CreateClient(token: null);

        // Act
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), ToolsInvokeGateway.Path));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.Should().Equal("POST");
        (await response.Content.ReadAsStringAsync()).Should().Be("Method Not Allowed");
    }

    [Fact]
    public async Task TrailingSlash_IsNotRouted()
    {
        await using var gateway = await ToolsInvokeGateway.StartAsync();

        using var response = await gateway.CreateClient().PostRawAsync("{}", ToolsInvokeGateway.Path + "/");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().Be("Not Found");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token-0123456789")]
    public async Task NoOrWrongToken_Is401(string? token)
    {
        await using var gateway = await ToolsInvokeGateway.StartAsync();

        var (status, body) = await ToolsInvokeGateway.InvokeAsync(gateway.CreateClient(token), """{"tool":"ls"}""");

        status.Should().Be(401);
        body.Should().Be("""{"error":{"message":"Unauthorized","type":"unauthorized"}}""");
    }

    [Theory]
    [InlineData("")]
    [InlineData("operator.read")]
    public async Task NoneMode_WithoutWriteScope_Is403_OkFalse(string scopes)
    {
        // Arrange
        await using var gateway = await ToolsInvokeGateway.StartAsync(auth: "mode: 'none'");

        // Act
        var (status, body) = await ToolsInvokeGateway.InvokeAsync(gateway.CreateClient(token: null), """{"tool":"ls"}""", ("x-openclaw-scopes", scopes));

        // Assert
        status.Should().Be(403);
        body.Should().Be("""{"ok":false,"error":{"type":"forbidden","message":"missing scope: operator.write"}}""");
    }

    [Fact]
    public async Task BodyOverTwoMiB_Is413_AndClose()
    {
        // Arrange
        await using var gateway = await ToolsInvokeGateway.StartAsync();
        var body = $$$"""{"tool":"ls","pad":"{{{new string('a', 2 * 1024 * 1024)}}}"}""";

        // Act
        using var response = await gateway.CreateClient().PostRawAsync(body, ToolsInvokeGateway.Path);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        response.Headers.ConnectionClose.Should().BeTrue();
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"Payload too large","type":"invalid_request_error"}}""");
    }

    [Fact]
    public async Task BodyJustUnderTwoMiB_IsRead()
    {
        // Arrange
        await using var gateway = await ToolsInvokeGateway.StartAsync();
        var prefix = "{\"tool\":\"ls\",\"pad\":\"";
        var body = prefix + new string('a', (2 * 1024 * 1024) - prefix.Length - 2) + "\"}";

        // Act
        var (status, _) = await gateway.InvokeAsync(body);

        // Assert
        Encoding.UTF8.GetByteCount(body).Should().Be(2 * 1024 * 1024);
        status.Should().Be(200);
    }

    [Fact]
    public async Task SlowBody_Is408_AndClose()
    {
        // Arrange: headers and half a body, then nothing (the body clock is Kestrel's real one, cut to 1 s here)
        await using var gateway = await KestrelGateway.StartAsync(
            $"{{ gateway: {{ auth: {{ token: '{TestConfigs.Token}' }} }} }}",
            new Dictionary<string, string?> { ["OpenClaw:Http:BodyReadTimeoutSeconds"] = "1" });
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(gateway.BaseAddress.Host, gateway.BaseAddress.Port);
        var stream = tcp.GetStream();
        var head = $"POST /tools/invoke HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {TestConfigs.Token}\r\nContent-Length: 100\r\n\r\n{{\"tool\":";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        // Act
        var reply = await ReadToEndAsync(stream);

        // Assert
        reply.Should().StartWith("HTTP/1.1 408 Request Timeout");
        reply.Should().Contain("Connection: close");
        reply.Should().EndWith("""{"error":{"message":"Request body timeout","type":"invalid_request_error"}}""");
    }

    [Fact]
    public async Task InvalidJson_Is400_InTheErrorEnvelope()
    {
        await using var gateway = await ToolsInvokeGateway.StartAsync();

        var (status, body) = await gateway.InvokeAsync("""{"tool":"ls",""");

        status.Should().Be(400);
        body.Should().StartWith("""{"error":{"message":""").And.EndWith(""","type":"invalid_request_error"}}""");
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("[1,2]")]
    [InlineData("\"ls\"")]
    [InlineData("null")]
    [InlineData("""{"name":"  "}""")]
    [InlineData("""{"tool":null}""")]
    [InlineData("""{"tool":5}""")]
    [InlineData("""{"name":5,"tool":"ls"}""")]
    public async Task NoToolName_Is400(string requestBody)
    {
        await using var gateway = await ToolsInvokeGateway.StartAsync();

        var (status, body) = await gateway.InvokeAsync(requestBody);

        status.Should().Be(400);
        body.Should().Be(NoName);
    }

    [Theory]
    [InlineData("""{"tool":"\ud800"}""", 404, "Tool not available: \uFFFD")]
    [InlineData("""{"tool":"ls","sessionKey":"\ud800"}""", 200, null)]
    [InlineData("""{"tool":"ls","agentId":"\ud800"}""", 400, "Unknown agent id \"\uFFFD\"")]
    [InlineData("""{"tool":"ls","idempotencyKey":"\ud800"}""", 200, null)]
    public async Task LoneSurrogateInAField_IsReadLeniently_NeverA500(string requestBody, int expectedStatus, string? message)
    {
        // Arrange
        await using var gateway = await ToolsInvokeGateway.StartAsync();
        Directory.CreateDirectory(gateway.Workspace);

        // Act
        var (status, body) = await gateway.InvokeAsync(requestBody);

        // Assert
        status.Should().Be(expectedStatus);
        if (message is not null)
        {
            System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("message").GetString().Should().Be(message);
        }
    }

    [Theory]
    [InlineData("""{"name":null,"tool":"ls"}""")]
    [InlineData("""{"tool":" ls "}""")]
    [InlineData("""{"name":"ls","tool":"nope"}""")]
    public async Task ToolName_NameWinsUnlessAbsentOrNull_AndIsTrimmed(string requestBody)
    {
        // Arrange
        await using var gateway = await ToolsInvokeGateway.StartAsync();
        Directory.CreateDirectory(gateway.Workspace);

        // Act
        var (status, body) = await gateway.InvokeAsync(requestBody);

        // Assert
        status.Should().Be(200);
        body.Should().Be("""{"ok":true,"result":{"content":[{"type":"text","text":"(empty directory)"}]}}""");
    }

    [Fact]
    public async Task FormContentType_IsStillParsedAsJson()
    {
        // Arrange
        await using var gateway = await ToolsInvokeGateway.StartAsync();
        using var client = gateway.CreateClient();

        // Act
        using var response = await client.SendAsync(HttpTestExtensions.Request(
            HttpMethod.Post, ToolsInvokeGateway.Path, """{"tool":"ls"}""", "application/x-www-form-urlencoded"));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static async Task<string> ReadToEndAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await stream.ReadAsync(chunk, timeout.Token)) > 0)
        {
            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
