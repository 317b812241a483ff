using OpenClaw.Core.Configuration;
using OpenClaw.Core.Tests.Support;

namespace OpenClaw.Core.Tests.Configuration;

/// <summary><c>gateway.http.endpoints.responses</c>: the media limits of http-api.md §6.5.</summary>
public class ConfigBinderResponsesTests
{
    private const string Prefix = "gateway.http.endpoints.responses";

    [Fact]
    public void Bind_NoResponsesSection_UsesTheSpecDefaults()
    {
        // Act
        var responses = TestConfig.Bind("{ gateway: { http: { endpoints: { responses: { enabled: true } } } } }").Gateway.Http.Responses;

        // Assert
        responses.MaxUrlParts.Should().Be(8);
        responses.Images.Should().BeEquivalentTo(new ImageInputConfig { AllowUrl = true }, "unlike chat completions, image URLs are fetched by default");
        responses.Images.AllowedMimes.Should().Equal("image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "image/heif");
        var files = responses.Files;
        (files.AllowUrl, files.MaxBytes, files.MaxChars, files.MaxRedirects, files.TimeoutMs).Should().Be((true, 5_242_880L, 60_000, 3, 10_000));
        files.UrlAllowlist.Should().BeEmpty();
        files.AllowedMimes.Should().Equal("text/plain", "text/markdown", "text/html", "text/csv", "application/json", "application/pdf");
        (files.Pdf.MaxPages, files.Pdf.MaxPixels, files.Pdf.MinTextChars).Should().Be((4, 4_000_000L, 200));
        responses.MaxBodyBytes.Should().Be(20 * 1024 * 1024);
        new HttpEndpointsConfig().Responses.Should().BeEquivalentTo(responses);
    }

    [Fact]
    public void Bind_EveryKey_IsBound()
    {
        // Act
        var responses = TestConfig.Bind("""
            { gateway: { http: { endpoints: { responses: { enabled: true, maxUrlParts: 0, maxBodyBytes: 5,
                images: { allowUrl: false, urlAllowlist: ['Img.Example.com.', '*'], allowedMimes: ['IMAGE/PNG'], maxBytes: 1024, maxRedirects: 0, timeoutMs: 500 },
                files: { allowUrl: false, urlAllowlist: ['*.docs.example'], allowedMimes: ['text/plain; charset=utf-8', 'Text/Plain', 'text/x-python'],
                         maxBytes: 2048, maxChars: 100, maxRedirects: 1, timeoutMs: 700, pdf: { maxPages: 2, maxPixels: 1000, minTextChars: 0 } } } } } } }
            """).Gateway.Http.Responses;

        // Assert
        responses.MaxUrlParts.Should().Be(0);
        responses.Images.Should().BeEquivalentTo(new ImageInputConfig
        {
            AllowUrl = false,
            UrlAllowlist = ["img.example.com"],
            AllowedMimes = ["image/png"],
            MaxBytes = 1024,
            MaxRedirects = 0,
            TimeoutMs = 500,
        });
        responses.Files.Should().BeEquivalentTo(new FileInputConfig
        {
            AllowUrl = false,
            UrlAllowlist = ["*.docs.example"],
            AllowedMimes = ["text/plain", "text/x-python"],
            MaxBytes = 2048,
            MaxChars = 100,
            MaxRedirects = 1,
            TimeoutMs = 700,
            Pdf = new PdfInputConfig { MaxPages = 2, MaxPixels = 1000, MinTextChars = 0 },
        });
    }

    [Theory]
    [InlineData("files: { maxBytes: 15728640 }", 31_457_280L)]
    [InlineData("images: { maxBytes: 12582912 }", 25_165_824L)]
    [InlineData("files: { maxBytes: 1024 }, images: { maxBytes: 1024 }", 20_971_520L)]
    [InlineData("images: { maxBytes: 9223372036854775807 }", long.MaxValue)]
    public void MaxBodyBytes_IsTwiceTheLargerPartCap_AtLeast20MiB(string limits, long expected)
    {
        // Act
        var responses = TestConfig.Bind($"{{ gateway: {{ http: {{ endpoints: {{ responses: {{ {limits} }} }} }} }} }}").Gateway.Http.Responses;

        // Assert
        responses.MaxBodyBytes.Should().Be(expected);
    }

    [Theory]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("NaN")]
    [InlineData("-1")]
    [InlineData("2.5")]
    public void Bind_MaxUrlPartsNotAWholeNumber_MeansEightWithAWarning(string value)
    {
        // Act
        var config = TestConfig.Bind($"{{ gateway: {{ http: {{ endpoints: {{ responses: {{ maxUrlParts: {value} }} }} }} }} }}");

        // Assert
        config.Gateway.Http.Responses.MaxUrlParts.Should().Be(8);
        config.Warnings.Should().ContainSingle().Which.Should().StartWith($"{Prefix}.maxUrlParts: expected a whole number of 0 or more");
    }

    [Theory]
    [InlineData("maxUrlParts: '3'", "maxUrlParts: expected number, received string")]
    [InlineData("images: { allowUrl: 'no' }", "images.allowUrl: expected boolean, received string")]
    [InlineData("images: { maxPixels: 5 }", "images.maxPixels: unrecognized key")]
    [InlineData("files: { allowUrl: 1 }", "files.allowUrl: expected boolean, received number")]
    [InlineData("files: { maxBytes: 0 }", "files.maxBytes: expected an integer between 1 and")]
    [InlineData("files: { maxChars: 0 }", "files.maxChars: expected an integer between 1 and")]
    [InlineData("files: { maxRedirects: 21 }", "files.maxRedirects: expected an integer between 0 and 20")]
    [InlineData("files: { timeoutMs: 0 }", "files.timeoutMs: expected an integer between 1 and")]
    [InlineData("files: { urlAllowlist: 'a.example' }", "files.urlAllowlist: expected array, received string")]
    [InlineData("files: { allowedMimes: ['pdf'] }", "files.allowedMimes[0]: expected a MIME type such as text/plain")]
    [InlineData("files: { maxPages: 2 }", "files.maxPages: unrecognized key")]
    [InlineData("files: { pdf: { maxPages: 0 } }", "files.pdf.maxPages: expected an integer between 1 and 1000")]
    [InlineData("files: { pdf: { maxPixels: -1 } }", "files.pdf.maxPixels: expected an integer between 1 and")]
    [InlineData("files: { pdf: { minTextChars: 1.5 } }", "files.pdf.minTextChars: expected an integer between 0 and")]
    [InlineData("files: { pdf: { dpi: 72 } }", "files.pdf.dpi: unrecognized key")]
    [InlineData("files: []", "files: expected object, received array")]
    public void Bind_InvalidKey_FailsNamingTheKey(string responses, string expected)
    {
        // Act
        var message = TestConfig.BindError($"{{ gateway: {{ http: {{ endpoints: {{ responses: {{ {responses} }} }} }} }} }}");

        // Assert
        message.Should().StartWith($"invalid config: {Prefix}.{expected}");
    }
}
