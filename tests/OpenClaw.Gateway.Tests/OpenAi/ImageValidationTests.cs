using System.Net;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.OpenAi;

/// <summary>http-api.md §4.6: which image parts of the active turn are accepted, and the one 400 for all others.</summary>
public sealed class ImageValidationTests(ImageValidationTests.Host host) : IClassFixture<ImageValidationTests.Host>
{
    private const string InvalidImageBody = """{"error":{"message":"Invalid image_url content in `messages`.","type":"invalid_request_error"}}""";

    private static readonly string Png = TestImages.PngBase64;

    public static TheoryData<string, string> InvalidParts => new()
    {
        { "no image_url", """{"type":"image_url"}""" },
        { "image_url null", """{"type":"image_url","image_url":null}""" },
        { "image_url number", """{"type":"image_url","image_url":5}""" },
        { "image_url array", """{"type":"image_url","image_url":["data:image/png;base64,AAAA"]}""" },
        { "object without url", """{"type":"image_url","image_url":{}}""" },
        { "url number", """{"type":"image_url","image_url":{"url":5}}""" },
        { "url empty", """{"type":"image_url","image_url":{"url":""}}""" },
        { "url blank", """{"type":"image_url","image_url":{"url":"  \n "}}""" },
        { "string empty", """{"type":"image_url","image_url":""}""" },
        { "data without comma", """{"type":"image_url","image_url":"data:image/png;base64"}""" },
        { "data not base64", $$"""{"type":"image_url","image_url":"data:image/png,{{Png}}"}""" },
        { "base64 flag inside a value", $$"""{"type":"image_url","image_url":"data:image/png;name=base64.png,{{Png}}"}""" },
        { "empty payload", """{"type":"image_url","image_url":"data:image/png;base64,"}""" },
        { "blank payload", """{"type":"image_url","image_url":"data:image/png;base64,   "}""" },
        { "bad characters", """{"type":"image_url","image_url":"data:image/png;base64,iVBO*w0KGgo="}""" },
        { "url-safe alphabet", """{"type":"image_url","image_url":"data:image/png;base64,iVBO-w0KGgo_"}""" },
        { "data after padding", $$"""{"type":"image_url","image_url":"data:image/png;base64,{{Png}}QQ=="}""" },
        { "three padding chars", """{"type":"image_url","image_url":"data:image/png;base64,iVBORw0KGgo==="}""" },
        { "length 4n+1", $$"""{"type":"image_url","image_url":"data:image/png;base64,{{Png.TrimEnd('=')}}AAA"}""" },
        { "svg", $$"""{"type":"image_url","image_url":"{{TestImages.DataUri(TestImages.Svg, "image/svg+xml")}}"}""" },
        { "pdf labelled png", $$"""{"type":"image_url","image_url":"{{TestImages.DataUri(TestImages.Pdf)}}"}""" },
        { "text labelled png", $$"""{"type":"image_url","image_url":"{{TestImages.DataUri("not an image"u8.ToArray())}}"}""" },
        { "avif not allowed by default", $$"""{"type":"image_url","image_url":"{{TestImages.DataUri(TestImages.Ftyp("avif"), "image/avif")}}"}""" },
        { "remote https, allowUrl off", """{"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}""" },
        { "remote http, allowUrl off", """{"type":"image_url","image_url":"http://example.com/cat.png"}""" },
        { "other scheme", """{"type":"image_url","image_url":"ftp://example.com/cat.png"}""" },
        { "not a url", """{"type":"image_url","image_url":"cat.png"}""" },
        { "good then bad", $$$"""{"type":"image_url","image_url":"data:image/png;base64,{{{Png}}}"},{"type":"image_url","image_url":{"url":null}}""" },
    };

    public static TheoryData<string, string> ValidParts => new()
    {
        { "object shape", $$$"""{"type":"image_url","image_url":{"url":"data:image/png;base64,{{{Png}}}"}}""" },
        { "string shape", $$"""{"type":"image_url","image_url":"data:image/png;base64,{{Png}}"}""" },
        { "detail is ignored", $$$"""{"type":"image_url","image_url":{"url":"data:image/png;base64,{{{Png}}}","detail":"high"}}""" },
        { "extra metadata", $$"""{"type":"image_url","image_url":"data:image/png;charset=utf-8;base64,{{Png}}"}""" },
        { "no media type", $$"""{"type":"image_url","image_url":"data:;base64,{{Png}}"}""" },
        { "upper case", $$"""{"type":"image_url","image_url":"DATA:image/png;BASE64,{{Png}}"}""" },
        { "spaced metadata", $$"""{"type":"image_url","image_url":"data: image/png ; base64 ,{{Png}}"}""" },
        { "surrounding space", $$"""{"type":"image_url","image_url":"  data:image/png;base64,{{Png}}\n"}""" },
        { "line breaks in payload", $$"""{"type":"image_url","image_url":"data:image/png;base64,{{Png[..20]}}\r\n{{Png[20..40]}}\n{{Png[40..]}}"}""" },
        { "missing padding", $$"""{"type":"image_url","image_url":"data:image/png;base64,{{Png.TrimEnd('=')}}"}""" },
        { "json escapes", $$"""{"type":"image_url","image_url":"data:image\/png;base64,{{Png.Replace("+", "\\u002B", StringComparison.Ordinal)}}"}""" },
        { "wrong label, real jpeg", $$"""{"type":"image_url","image_url":"{{TestImages.DataUri(TestImages.Jpeg)}}"}""" },
        { "gif", $$"""{"type":"image_url","image_url":"{{TestImages.DataUri(TestImages.Gif, "image/gif")}}"}""" },
        { "webp", $$"""{"type":"image_url","image_url":"{{TestImages.DataUri(TestImages.Webp, "image/webp")}}"}""" },
        { "heic", $$"""{"type":"image_url","image_url":"{{TestImages.DataUri(TestImages.Ftyp("heic"), "image/heic")}}"}""" },
        { "heif", $$"""{"type":"image_url","image_url":"{{TestImages.DataUri(TestImages.Ftyp("mif1"), "image/heif")}}"}""" },
        { "other part types are ignored", """{"type":"input_audio","input_audio":{"data":"x"}},{"type":"image","image_url":5}""" },
    };

    [Theory]
    [MemberData(nameof(InvalidParts))]
    public async Task ActiveTurn_InvalidImagePart_Is400(string name, string part)
    {
        // Act
        var response = await PostAsync(ActiveTurn(part));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, name);
        (await response.Content.ReadAsStringAsync()).Should().Be(InvalidImageBody, name);
    }

    [Theory]
    [MemberData(nameof(ValidParts))]
    public async Task ActiveTurn_ValidImagePart_RunsWithTheText(string name, string part)
    {
        // Act
        var response = await PostAsync(ActiveTurn(part));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK, name);
        (await response.JsonAsync()).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString().Should().Be("echo: describe");
    }

    [Fact]
    public async Task ActiveTurn_EightImages_AreAccepted_NineAreNot()
    {
        // Arrange
        var part = $$"""{"type":"image_url","image_url":"data:image/png;base64,{{Png}}"}""";

        // Act
        var eight = await PostAsync(ActiveTurn(string.Join(",", Enumerable.Repeat(part, 8))));
        var nine = await PostAsync(ActiveTurn(string.Join(",", Enumerable.Repeat(part, 9))));

        // Assert
        eight.StatusCode.Should().Be(HttpStatusCode.OK);
        nine.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await nine.Content.ReadAsStringAsync()).Should().Be(InvalidImageBody);
    }

    [Fact]
    public async Task ImageOver10MiB_IsRejected_AtTheDefaultCap()
    {
        // Arrange: 10 MiB + 1 decoded, about 13.4 MiB of base64: under the 20 MiB body limit.
        var uri = TestImages.DataUri(TestImages.PngOfSize((10 * 1024 * 1024) + 1));

        // Act
        var response = await PostAsync(ActiveTurn($$"""{"type":"image_url","image_url":"{{uri}}"}"""));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Be(InvalidImageBody);
    }

    [Fact]
    public async Task ImageOf10MiB_IsAccepted()
    {
        // Arrange
        var uri = TestImages.DataUri(TestImages.PngOfSize(10 * 1024 * 1024));

        // Act
        var response = await PostAsync(ActiveTurn($$"""{"type":"image_url","image_url":"{{uri}}"}"""));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task MaxBytes_FromConfig_CapsEachImage()
    {
        // Arrange
        await using var factory = WithImages("maxBytes: 1024");
        var client = factory.CreateAuthorizedClient();

        // Act
        var atCap = await client.PostRawAsync(Body(ActiveTurn($$"""{"type":"image_url","image_url":"{{TestImages.DataUri(TestImages.PngOfSize(1024))}}"}""")));
        var overCap = await client.PostRawAsync(Body(ActiveTurn($$"""{"type":"image_url","image_url":"{{TestImages.DataUri(TestImages.PngOfSize(1025))}}"}""")));

        // Assert
        atCap.StatusCode.Should().Be(HttpStatusCode.OK);
        overCap.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AllowedMimes_FromConfig_ReplaceTheDefaults()
    {
        // Arrange
        await using var factory = WithImages("allowedMimes: ['image/avif']");
        var client = factory.CreateAuthorizedClient();

        // Act
        var avif = await client.PostRawAsync(Body(ActiveTurn($$"""{"type":"image_url","image_url":"{{TestImages.DataUri(TestImages.Ftyp("avif"), "image/avif")}}"}""")));
        var png = await client.PostRawAsync(Body(ActiveTurn($$"""{"type":"image_url","image_url":"data:image/png;base64,{{Png}}"}""")));

        // Assert
        avif.StatusCode.Should().Be(HttpStatusCode.OK);
        png.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("""[{"role":"user","content":[{"type":"image_url","image_url":{"url":null}}]},{"role":"assistant","content":"ok"},{"role":"user","content":"describe"}]""")]
    [InlineData("""[{"role":"user","content":[{"type":"text","text":"old"},{"type":"image_url"}]},{"role":"user","content":[{"type":"text","text":"describe"}]}]""")]
    [InlineData("""[{"role":"user","content":[{"type":"image_url","image_url":"https://example.com/x.png"}]},{"role":"user","content":"describe"}]""")]
    public async Task HistoryImages_EvenMalformedOnes_AreIgnored(string messages)
    {
        // Act
        var response = await PostAsync(messages);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ToolMessageAsActiveTurn_SendsNoImages_SoEarlierBadPartsDoNotMatter()
    {
        // Act
        var response = await PostAsync("""
            [{"role":"user","content":[{"type":"image_url","image_url":"not a url"}]},
             {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]},
             {"role":"tool","tool_call_id":"call_1","content":"done"}]
            """);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ImageOnlyTurn_IsNotAMissingUserMessage()
    {
        // Act
        var response = await PostAsync($$"""[{"role":"user","content":[{"type":"image_url","image_url":"data:image/png;base64,{{Png}}"}]}]""");

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.JsonAsync()).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()
            .Should().Be("echo: User sent image(s) with no text.");
    }

    [Fact]
    public async Task InvalidImage_IsReportedBeforeAStreamStarts()
    {
        // Act
        var response = await host.Client.PostRawAsync($$"""{"model":"openclaw","stream":true,"messages":{{ActiveTurn("""{"type":"image_url","image_url":"data:image/png;base64,@@"}""")}}}""");

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        (await response.Content.ReadAsStringAsync()).Should().Be(InvalidImageBody);
    }

    /// <summary>The echo gateway with <c>chatCompletions.images</c> set to <paramref name="images"/> (JSON5 members).</summary>
    private static GatewayFactory WithImages(string images) => new(TestConfigs.EchoOnly.Replace(
        "chatCompletions: { enabled: true }", $"chatCompletions: {{ enabled: true, images: {{ {images} }} }}", StringComparison.Ordinal));

    private static string ActiveTurn(string parts) => $$"""[{"role":"user","content":[{"type":"text","text":"describe"},{{parts}}]}]""";

    private static string Body(string messages) => $$"""{"model":"openclaw","messages":{{messages}}}""";

    private Task<HttpResponseMessage> PostAsync(string messages) => host.Client.PostRawAsync(Body(messages));

    /// <summary>One gateway (echo model, token auth) for the whole table.</summary>
    public sealed class Host : IAsyncLifetime
    {
        private readonly GatewayFactory _factory = new();

        public HttpClient Client { get; private set; } = null!;

        public Task InitializeAsync()
        {
            Client = _factory.CreateAuthorizedClient();
            return Task.CompletedTask;
        }

        public async Task DisposeAsync() => await _factory.DisposeAsync();
    }
}
