using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.Http;

/// <summary>
/// Kestrel's header limits against Node's, which the original runs on: up to 2,000 header lines are answered (Kestrel's
/// default refused more than 100), and anything over a limit is a clean 431 that closes the connection.
/// </summary>
public sealed class HeaderLimitTests : IAsyncLifetime
{
    private KestrelGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await KestrelGateway.StartAsync(TestConfigs.EchoOnly);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Theory]
    [InlineData(200)]
    [InlineData(2000)]
    public async Task Request_WithManyHeaders_IsAnswered(int headerLines)
    {
        // Arrange
        await using var connection = await RawHttpConnection.OpenAsync(_gateway);

        // Act
        await connection.SendAsync(RawHttpConnection.Head("GET", "/healthz", Filler(headerLines)));
        var reply = await connection.ReadReplyAsync();

        // Assert
        reply.Should().StartWith("HTTP/1.1 200 OK", $"{headerLines} header lines are within Node's 2,000");
        reply.Should().EndWith("""{"ok":true,"status":"live"}""");
    }

    [Fact]
    public async Task Request_With2001Headers_Is431AndClosed()
    {
        // Arrange
        await using var connection = await RawHttpConnection.OpenAsync(_gateway);

        // Act
        await connection.SendAsync(RawHttpConnection.Head("GET", "/healthz", Filler(2001)));
        var reply = await connection.ReadReplyAsync();

        // Assert: the reply is complete (EOF reached), so the connection was closed rather than left hanging.
        reply.Should().StartWith("HTTP/1.1 431 Request Header Fields Too Large");
        reply.Should().Contain("Connection: close");
    }

    [Fact]
    public async Task Request_WithHeaderSectionOver32KiB_Is431AndClosed()
    {
        // Arrange: few lines, but one value alone is larger than the whole header section may be.
        await using var connection = await RawHttpConnection.OpenAsync(_gateway);

        // Act
        await connection.SendAsync(RawHttpConnection.Head("GET", "/healthz", [$"x-big: {new string('a', 33 * 1024)}"]));
        var reply = await connection.ReadReplyAsync();

        // Assert
        reply.Should().StartWith("HTTP/1.1 431 Request Header Fields Too Large");
        reply.Should().Contain("Connection: close");
    }

    /// <summary>Short distinct headers making <paramref name="totalLines"/> lines with Host and Connection.</summary>
    private static IEnumerable<string> Filler(int totalLines) =>
        Enumerable.Range(1, totalLines - 2).Select(i => $"x-h{i}: v");
}
