using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using OpenClaw.Gateway.Images;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.OpenAi;

/// <summary>From the request to the model: only the active turn's images, only to a model that takes them (http-api.md §4.6).</summary>
public sealed class ImagePassThroughTests : IAsyncLifetime
{
    private static readonly string PngUri = TestImages.DataUri(TestImages.Png);

    private FakeOpenAiUpstream _upstream = null!;
    private ImageServer _images = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeOpenAiUpstream.StartAsync();
        _images = await ImageServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _images.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task TextOnlyModel_DropsTheImage_AndAnswersTheText_T36()
    {
        // Arrange
        await using var gateway = new GatewayFactory(TestConfigs.Upstream(_upstream.BaseUrl, "main"));

        // Act
        var response = await gateway.CreateAuthorizedClient().PostRawAsync(Body("""{"type":"text","text":"describe"}""", Image(PngUri)));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        Content(await response.JsonAsync()).Should().Be("echo: describe");
        LastUserContent(1).ValueKind.Should().Be(JsonValueKind.String);
        _upstream.ChatRequests[0].Body.Should().NotContain("image_url");
    }

    [Fact]
    public async Task ImageModel_ReceivesTheTextThenTheImageParts()
    {
        // Arrange
        await using var gateway = new GatewayFactory(VisionConfig());
        var gif = TestImages.DataUri(TestImages.Gif, "image/png");

        // Act
        var response = await gateway.CreateAuthorizedClient().PostRawAsync(Body("""{"type":"text","text":"compare"}""", Image(PngUri), Image(gif)));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var content = LastUserContent(1);
        content.GetArrayLength().Should().Be(3);
        content[0].GetProperty("type").GetString().Should().Be("text");
        UpstreamFixture.WithoutEnvelope(content[0].GetProperty("text").GetString()!).Should().Be("compare");
        ImageUrls(content).Should().Equal(PngUri, TestImages.DataUri(TestImages.Gif, "image/gif"));
    }

    [Fact]
    public async Task ImageModel_ImageOnlyTurn_GetsThePlaceholderText()
    {
        // Arrange
        await using var gateway = new GatewayFactory(VisionConfig());

        // Act
        var response = await gateway.CreateAuthorizedClient().PostRawAsync(Body(Image(PngUri)));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var content = LastUserContent(1);
        UpstreamFixture.WithoutEnvelope(content[0].GetProperty("text").GetString()!).Should().Be("User sent image(s) with no text.");
        ImageUrls(content).Should().Equal(PngUri);
    }

    [Fact]
    public async Task ImageModel_HistoryImages_AreNeverSent()
    {
        // Arrange
        await using var gateway = new GatewayFactory(VisionConfig());
        var messages = $$"""
            [{"role":"user","content":[{"type":"text","text":"first"},{{Image(TestImages.DataUri(TestImages.Gif, "image/gif"))}}]},
             {"role":"assistant","content":"seen"},
             {"role":"user","content":[{"type":"text","text":"second"},{{Image(PngUri)}}]}]
            """;

        // Act
        var response = await gateway.CreateAuthorizedClient().PostRawAsync($$"""{"model":"openclaw/main","messages":{{messages}}}""");

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        ImageUrls(LastUserContent(1)).Should().Equal(PngUri);
    }

    [Fact]
    public async Task ImageModel_SessionReplay_CarriesNoImages()
    {
        // Arrange
        await using var gateway = new GatewayFactory(VisionConfig());
        var client = gateway.CreateAuthorizedClient();
        await client.PostRawAsync(Body("""{"type":"text","text":"look"}""", Image(PngUri)), HttpTestExtensions.ChatPath, ("x-openclaw-session-key", "pics"));

        // Act
        await client.PostRawAsync(Body("""{"type":"text","text":"again?"}"""), HttpTestExtensions.ChatPath, ("x-openclaw-session-key", "pics"));

        // Assert
        var second = _upstream.ChatRequests[1];
        second.Body.Should().NotContain("image_url");
        second.Json!.RootElement.GetProperty("messages").EnumerateArray().Count(m => m.GetProperty("role").GetString() == "user").Should().Be(2);
    }

    [Fact]
    public async Task RemoteUrl_AllowedButLoopback_IsRefusedWithoutTouchingTheServer()
    {
        // Arrange: the production guard; the image server on 127.0.0.1 is a private target.
        await using var gateway = new GatewayFactory(VisionConfig(images: "allowUrl: true"));

        // Act
        var response = await gateway.CreateAuthorizedClient().PostRawAsync(Body(Image(_images.Url("/png").ToString())));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ErrorMessageAsync()).Should().Be("Invalid image_url content in `messages`.");
        _images.Hits.Should().BeEmpty();
        _upstream.ChatRequests.Should().BeEmpty();
    }

    [Fact]
    public async Task RemoteUrl_AllowlistedHost_IsFetchedSniffedAndSent()
    {
        // Arrange: the test-only seam resolves images.test to the loopback server.
        await using var gateway = WithRelaxedGuard(new GatewayFactory(VisionConfig(images: "allowUrl: true, urlAllowlist: ['images.test']")));

        // Act
        var allowed = await gateway.CreateAuthorizedClient().PostRawAsync(Body(Image(_images.Url("/hops/2", "images.test").ToString())));
        var notListed = await gateway.CreateAuthorizedClient().PostRawAsync(Body(Image(_images.Url("/png", "other.test").ToString())));

        // Assert
        allowed.StatusCode.Should().Be(HttpStatusCode.OK, await allowed.Content.ReadAsStringAsync());
        ImageUrls(LastUserContent(1)).Should().Equal(PngUri);
        notListed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        _images.Hits.Should().Equal("/hops/2", "/hops/1", "/png");
    }

    private static SeamedGateway WithRelaxedGuard(GatewayFactory factory) => new(factory, factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        services.Replace(ServiceDescriptor.Singleton(_ => new RemoteMediaFetcher(LoopbackGuard.Create(), NullLogger<RemoteMediaFetcher>.Instance))))));

    private string VisionConfig(string images = "") =>
        TestConfigs.Upstream(_upstream.BaseUrl, "main")
            .Replace("input: ['text']", "input: ['text', 'image']", StringComparison.Ordinal)
            .Replace("chatCompletions: { enabled: true }", $"chatCompletions: {{ enabled: true, images: {{ {images} }} }}", StringComparison.Ordinal);

    private static string Image(string url) => $$$"""{"type":"image_url","image_url":{"url":{{{JsonSerializer.Serialize(url)}}}}}""";

    private static string Body(params string[] parts) => $$"""{"model":"openclaw/main","messages":[{"role":"user","content":[{{string.Join(",", parts)}}]}]}""";

    private static string? Content(JsonElement response) => response.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();

    private static List<string> ImageUrls(JsonElement content) =>
        [.. content.EnumerateArray().Where(p => p.GetProperty("type").GetString() == "image_url").Select(p => p.GetProperty("image_url").GetProperty("url").GetString()!)];

    private JsonElement LastUserContent(int request) =>
        _upstream.ChatRequests[request - 1].Json!.RootElement.GetProperty("messages").EnumerateArray()
            .Last(m => m.GetProperty("role").GetString() == "user").GetProperty("content");

    /// <summary>The derived factory (with the seam) and the original, disposed together.</summary>
    private sealed class SeamedGateway(GatewayFactory original, Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> derived) : IAsyncDisposable
    {
        public HttpClient CreateAuthorizedClient()
        {
            var client = derived.CreateClient();
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestConfigs.Token);
            return client;
        }

        public async ValueTask DisposeAsync()
        {
            await derived.DisposeAsync();
            await original.DisposeAsync();
        }
    }
}
