using System.Net;
using System.Net.Sockets;
using System.Text;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.OpenAi;

public sealed class RequestBodyTests
{
    private const string TooLarge = """{"error":{"message":"Payload too large","type":"invalid_request_error"}}""";

    [Fact]
    public async Task BodyOverTwentyMiB_ByContentLength_IsPayloadTooLargeAndClose()
    {
        // Arrange
        await using var gateway = await KestrelGateway.StartAsync(TestConfigs.EchoOnly);
        var body = HttpTestExtensions.ChatBody(new string('a', 21 * 1024 * 1024));

        // Act
        var response = await gateway.CreateClient().PostRawAsync(body);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        response.Headers.ConnectionClose.Should().BeTrue();
        (await response.Content.ReadAsStringAsync()).Should().Be(TooLarge);
    }

    [Fact]
    public async Task BodyOverTwentyMiB_WithoutContentLength_IsRejectedByCounting()
    {
        // Arrange
        await using var gateway = await KestrelGateway.StartAsync(TestConfigs.EchoOnly);
        var request = new HttpRequestMessage(HttpMethod.Post, HttpTestExtensions.ChatPath)
        {
            Content = new StreamContent(new UnknownLengthStream(21 * 1024 * 1024)),
        };

        // Act
        var response = await gateway.CreateClient().SendAsync(request);

        // Assert
        request.Content.Headers.ContentLength.Should().BeNull();
        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadAsStringAsync()).Should().Be(TooLarge);
    }

    [Fact]
    public async Task ThreeMiBBody_IsAccepted()
    {
        await using var factory = new GatewayFactory();

        var response = await factory.CreateAuthorizedClient().PostRawAsync(HttpTestExtensions.ChatBody(new string('b', 3 * 1024 * 1024)));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SlowBody_TimesOut_WithRequestTimeoutEnvelope()
    {
        // Arrange: a client that sends headers and half a body, then goes quiet.
        await using var gateway = await KestrelGateway.StartAsync(TestConfigs.EchoOnly, new Dictionary<string, string?> { ["OpenClaw:Http:BodyReadTimeoutSeconds"] = "1" });
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(gateway.BaseAddress.Host, gateway.BaseAddress.Port);
        var stream = tcp.GetStream();
        var head = $"POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {TestConfigs.Token}\r\nContent-Length: 100\r\n\r\n{{\"model\":";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        // Act
        var reply = await ReadResponseAsync(stream);

        // Assert
        reply.Should().StartWith("HTTP/1.1 408 Request Timeout");
        reply.Should().Contain("Connection: close");
        reply.Should().EndWith("""{"error":{"message":"Request body timeout","type":"invalid_request_error"}}""");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    public async Task EmptyBody_IsTreatedAsEmptyObject(string body)
    {
        await using var factory = new GatewayFactory();

        var response = await factory.CreateAuthorizedClient().PostRawAsync(body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ErrorMessageAsync()).Should().Be("Missing user message in `messages`.");
    }

    [Theory]
    [InlineData("{\"model\":\"openclaw\",\"messages\":[1,2,}")]
    [InlineData("not json")]
    [InlineData("{\"a\":1}{\"b\":2}")]
    public async Task InvalidJson_IsBadRequest(string body)
    {
        await using var factory = new GatewayFactory();

        var response = await factory.CreateAuthorizedClient().PostRawAsync(body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var error = (await response.JsonAsync()).GetProperty("error");
        error.GetProperty("type").GetString().Should().Be("invalid_request_error");
        error.GetProperty("message").GetString().Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task ContentTypeIsNeverChecked()
    {
        await using var factory = new GatewayFactory();
        var request = HttpTestExtensions.Request(HttpMethod.Post, HttpTestExtensions.ChatPath, HttpTestExtensions.ChatBody("form typed"), "application/x-www-form-urlencoded");
        request.Headers.Authorization = new("Bearer", TestConfigs.Token);

        var response = await factory.CreateClient().SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static async Task<string> ReadResponseAsync(NetworkStream stream)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var buffer = new byte[8192];
        var text = new StringBuilder();
        while (true)
        {
            var read = await stream.ReadAsync(buffer, cts.Token);
            if (read == 0)
            {
                return text.ToString();
            }

            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }
    }

    /// <summary>A stream of <c>"</c>-free filler whose length HttpClient cannot know, so it sends chunked.</summary>
    private sealed class UnknownLengthStream(long length) : Stream
    {
        private long _remaining = length;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, _remaining);
            buffer.AsSpan(offset, n).Fill((byte)'x');
            _remaining -= n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
