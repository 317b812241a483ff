using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.WebSockets;

/// <summary>
/// Image attachments of <c>agent</c> and <c>chat.send</c> go through the same intake as HTTP images
/// (gateway-protocol.md §6.3 "limits as HTTP images", http-api.md §4.6): the sniffed type must be one of the
/// allowed image types (<c>gateway.http.endpoints.chatCompletions.images</c>), whatever <c>mimeType</c> claims, and
/// each image is capped (10 MiB by default).
/// </summary>
public sealed class AttachmentTests : IAsyncLifetime
{
    private FakeOpenAiUpstream _upstream = null!;
    private KestrelGateway _gateway = null!;
    private WsTestClient _client = null!;

    public static TheoryData<string, string, byte[], string> Disguised => new()
    {
        { "chat.send", "pdf", TestImages.Pdf, "application/pdf" },
        { "chat.send", "bmp", TestImages.Bmp, "image/bmp" },
        { "chat.send", "tiff", TestImages.Tiff, "image/tiff" },
        { "agent", "pdf", TestImages.Pdf, "application/pdf" },
        { "agent", "avif", TestImages.Ftyp("avif"), "image/avif" },
        { "agent", "tiff", TestImages.Tiff, "image/tiff" },
    };

    public async Task InitializeAsync()
    {
        _upstream = await FakeOpenAiUpstream.StartAsync();
        var vision = TestConfigs.Upstream(_upstream.BaseUrl, "main").Replace("input: ['text']", "input: ['text', 'image']", StringComparison.Ordinal);
        _gateway = await WsGateway.StartAsync(vision);
        _client = await WsTestClient.ConnectedAsync(_gateway);
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Disguised))]
    public async Task DisguisedNonImage_IsInvalidRequest_AndNoRunStarts(string method, string name, byte[] bytes, string sniffed)
    {
        // Arrange
        var key = $"disguised-{method}-{name}";

        // Act
        var response = await _client.RequestAsync(method, Params(key, "look", Attachment(bytes)));
        var history = await _client.CallAsync("chat.history", $$"""{"sessionKey":{{WsGateway.Q(key)}}}""");

        // Assert
        response.Error().Str("code").Should().Be("INVALID_REQUEST");
        response.Error().Str("message").Should().Be(
            $"invalid {method} params: /attachments/0: image type {sniffed} is not allowed (allowed: image/jpeg, image/png, image/gif, image/webp, image/heic, image/heif)");
        history.Long("totalMessages").Should().Be(0, "a refused request starts no run");
        _upstream.ChatRequests.Should().BeEmpty();
    }

    [Fact]
    public async Task ChatSend_Png_ReachesTheModelAsAnImage()
    {
        // Act
        await _client.CallAsync("chat.send", Params("png-ok", "describe", Attachment(TestImages.Png)));
        var final = await _client.WaitForChatDoneAsync("png-ok");

        // Assert
        final.Str("state").Should().Be("final");
        var user = _upstream.ChatRequests[0].Json!.RootElement.GetProperty("messages").EnumerateArray().Last(m => m.GetProperty("role").GetString() == "user");
        user.GetProperty("content").EnumerateArray()
            .Where(part => part.GetProperty("type").GetString() == "image_url")
            .Select(part => part.GetProperty("image_url").GetProperty("url").GetString())
            .Should().Equal(TestImages.DataUri(TestImages.Png));
    }

    [Fact]
    public async Task TheOperatorsAllowList_AppliesToAttachments_AsToHttpImages()
    {
        // Arrange: only PNG is allowed (e.g. a provider that takes no JPEG).
        var pngOnly = TestConfigs.Upstream(_upstream.BaseUrl, "main")
            .Replace("input: ['text']", "input: ['text', 'image']", StringComparison.Ordinal)
            .Replace("chatCompletions: { enabled: true }", "chatCompletions: { enabled: true, images: { allowedMimes: ['image/png'] } }", StringComparison.Ordinal);
        pngOnly.Should().Contain("allowedMimes", "the test must really configure the allow-list");
        await using var gateway = await WsGateway.StartAsync(pngOnly);
        await using var client = await WsTestClient.ConnectedAsync(gateway);

        // Act
        var response = await client.RequestAsync("agent", Params("jpeg-refused", "look", Attachment(TestImages.Jpeg)));

        // Assert
        response.Error().Str("message").Should().Be(
            "invalid agent params: /attachments/0: image type image/jpeg is not allowed (allowed: image/png)");
    }

    [Fact]
    public async Task Agent_ImageOverTenMebibytes_IsInvalidRequest()
    {
        // Arrange: within the 20 MiB total and the frame cap, over the per-image cap.
        var bytes = TestImages.PngOfSize((10 * 1024 * 1024) + 1);

        // Act
        var response = await _client.RequestAsync("agent", Params("too-big", "look", Attachment(bytes)));

        // Assert
        response.Error().Str("code").Should().Be("INVALID_REQUEST");
        response.Error().Str("message").Should().StartWith("invalid agent params: /attachments/0: image of about 10485761 bytes (limit 10485760)");
        _upstream.ChatRequests.Should().BeEmpty();
    }

    [Fact]
    public async Task ChatSend_NineImages_IsInvalidRequest()
    {
        // Act
        var response = await _client.RequestAsync("chat.send", Params("nine", "look", [.. Enumerable.Repeat(Attachment(TestImages.Png), 9)]));

        // Assert
        response.Error().Str("message").Should().Be("invalid chat.send params: /attachments/8: more than 8 images");
    }

    /// <summary>An image attachment whose <c>mimeType</c> claims PNG, whatever the bytes are.</summary>
    private static string Attachment(byte[] bytes) => $$"""{"type":"image","mimeType":"image/png","content":"{{Convert.ToBase64String(bytes)}}"}""";

    /// <summary>Params of <c>agent</c> or <c>chat.send</c> (both take these four) in session and run <paramref name="key"/>.</summary>
    private static string Params(string key, string message, params string[] attachments) =>
        $$"""{"sessionKey":{{WsGateway.Q(key)}},"message":{{WsGateway.Q(message)}},"idempotencyKey":{{WsGateway.Q(key)}},"attachments":[{{string.Join(",", attachments)}}]}""";
}
