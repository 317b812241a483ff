using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using OpenClaw.Core.Configuration;
using OpenClaw.Gateway.Images;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.Images;

/// <summary>
/// The SSRF guard and fetch limits against a real loopback server; tests that must reach it use
/// <see cref="LoopbackGuard"/>, the rest the production guard.
/// </summary>
public sealed class RemoteMediaFetcherTests : IAsyncLifetime
{
    private static readonly ImageInputConfig Limits = new() { AllowUrl = true };

    private ImageServer _server = null!;

    public async Task InitializeAsync() => _server = await ImageServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    [InlineData("localhost")]
    [InlineData("0x7f.1")]
    [InlineData("2130706433")]
    [InlineData("[::ffff:127.0.0.1]")]
    public async Task FetchAsync_ProductionGuard_RefusesLoopbackWithoutSendingARequest(string host)
    {
        // Arrange
        using var fetcher = new RemoteMediaFetcher(NullLogger<RemoteMediaFetcher>.Instance);

        // Act
        var (bytes, refusal) = await fetcher.FetchAsync(_server.Url("/png", host), Limits, Limits.MaxBytes, CancellationToken.None);

        // Assert
        refusal.Should().NotBeNull();
        bytes.IsEmpty.Should().BeTrue();
        _server.Hits.Should().BeEmpty();
    }

    [Fact]
    public async Task FetchAsync_ProductionGuard_RefusesANameThatResolvesToLoopback()
    {
        // Arrange: the production classifier, with a resolver standing in for a public name that points home.
        using var fetcher = Fetcher(RemoteFetchGuard.Default with { ResolveAsync = (_, _) => Task.FromResult(new[] { IPAddress.Loopback }) });

        // Act
        var (_, refusal) = await fetcher.FetchAsync(_server.Url("/png", "images.example.com"), Limits, Limits.MaxBytes, CancellationToken.None);

        // Assert
        refusal.Should().Contain("non-public");
        _server.Hits.Should().BeEmpty();
    }

    [Fact]
    public async Task FetchAsync_AnyResolvedAddressPrivate_RefusesTheHost()
    {
        // Arrange
        using var fetcher = Fetcher(LoopbackGuard.Create() with { ResolveAsync = (_, _) => Task.FromResult(new[] { IPAddress.Loopback, IPAddress.Parse("10.0.0.7") }) });

        // Act
        var (_, refusal) = await fetcher.FetchAsync(_server.Url("/png", "mixed.test"), Limits, Limits.MaxBytes, CancellationToken.None);

        // Assert
        refusal.Should().NotBeNull();
        _server.Hits.Should().BeEmpty();
    }

    [Fact]
    public async Task FetchAsync_AllowedHost_ReturnsTheBody()
    {
        // Arrange
        using var fetcher = Fetcher(LoopbackGuard.Create());

        // Act
        var (bytes, refusal) = await fetcher.FetchAsync(_server.Url("/png", "images.test"), Limits with { UrlAllowlist = ["images.test"] }, Limits.MaxBytes, CancellationToken.None);

        // Assert
        refusal.Should().BeNull();
        bytes.ToArray().Should().Equal(TestImages.Png);
    }

    [Fact]
    public async Task FetchAsync_FileLimits_ReturnTheBodyWithItsContentType()
    {
        // Arrange
        using var fetcher = Fetcher(LoopbackGuard.Create());
        _server.Serve("/doc.txt", "hello"u8.ToArray(), "text/plain; charset=iso-8859-1");

        // Act
        var result = await fetcher.FetchAsync(_server.Url("/doc.txt", "files.test"), new FileInputConfig { UrlAllowlist = ["files.test"] }, 5, CancellationToken.None);

        // Assert
        result.Refusal.Should().BeNull();
        result.Bytes.ToArray().Should().Equal("hello"u8.ToArray());
        result.ContentType.Should().Be("text/plain; charset=iso-8859-1");
    }

    [Fact]
    public async Task FetchAsync_FileLimitsAllowlist_RefusesAnotherHost()
    {
        // Arrange
        using var fetcher = Fetcher(LoopbackGuard.Create());

        // Act
        var result = await fetcher.FetchAsync(_server.Url("/png", "images.test"), new FileInputConfig { UrlAllowlist = ["files.test"] }, 1024, CancellationToken.None);

        // Assert
        result.Refusal.Should().Be("host is not in the urlAllowlist");
        _server.Hits.Should().BeEmpty();
    }

    [Fact]
    public async Task FetchAsync_ConnectsToTheCheckedAddress_WithoutLookingTheNameUpAgain()
    {
        // Arrange: a rebinding name, harmless on the first answer and private on every later one.
        var lookups = 0;
        using var fetcher = Fetcher(LoopbackGuard.Create() with
        {
            ResolveAsync = (_, _) => Task.FromResult(new[] { Interlocked.Increment(ref lookups) == 1 ? IPAddress.Loopback : IPAddress.Parse("10.0.0.7") }),
        });

        // Act
        var (bytes, refusal) = await fetcher.FetchAsync(_server.Url("/png", "rebind.test"), Limits, Limits.MaxBytes, CancellationToken.None);

        // Assert
        refusal.Should().BeNull();
        bytes.Length.Should().Be(TestImages.Png.Length);
        lookups.Should().Be(1);
    }

    [Theory]
    [InlineData(3, 3, true)]
    [InlineData(4, 3, false)]
    [InlineData(1, 0, false)]
    [InlineData(2, 2, true)]
    public async Task FetchAsync_Redirects_AreCountedAgainstMaxRedirects(int hops, int maxRedirects, bool succeeds)
    {
        // Arrange
        using var fetcher = Fetcher(LoopbackGuard.Create());

        // Act
        var (_, refusal) = await fetcher.FetchAsync(_server.Url($"/hops/{hops}", "images.test"), Limits with { MaxRedirects = maxRedirects }, Limits.MaxBytes, CancellationToken.None);

        // Assert
        (refusal is null).Should().Be(succeeds, refusal);
    }

    [Theory]
    [InlineData("http://127.0.0.2:{port}/png", "", "non-public")]
    [InlineData("http://localhost:{port}/png", "images.test,localhost", "local host names")]
    [InlineData("http://other.test:{port}/png", "images.test", "urlAllowlist")]
    [InlineData("ftp://images.test/png", "", "only http and https")]
    [InlineData("file:///etc/passwd", "", "only http and https")]
    public async Task FetchAsync_RedirectTarget_IsCheckedAgain(string location, string allowlist, string reason)
    {
        // Arrange
        using var fetcher = Fetcher(LoopbackGuard.Create());
        var limits = Limits with { UrlAllowlist = allowlist.Split(',', StringSplitOptions.RemoveEmptyEntries) };
        var target = Uri.EscapeDataString(location.Replace("{port}", _server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        // Act
        var (_, refusal) = await fetcher.FetchAsync(_server.Url($"/to?location={target}", "images.test"), limits, Limits.MaxBytes, CancellationToken.None);

        // Assert
        refusal.Should().Contain(reason);
        _server.Hits.Should().Equal(["/to"], "the redirect to {0} must not be followed", location);
    }

    [Fact]
    public async Task FetchAsync_RedirectToAnAllowedHost_IsFollowed()
    {
        // Arrange
        using var fetcher = Fetcher(LoopbackGuard.Create());
        var target = Uri.EscapeDataString(_server.Url("/png", "cdn.images.test").ToString());

        // Act
        var (bytes, refusal) = await fetcher.FetchAsync(
            _server.Url($"/to?location={target}", "images.test"), Limits with { UrlAllowlist = ["images.test", "*.images.test"] }, Limits.MaxBytes, CancellationToken.None);

        // Assert
        refusal.Should().BeNull();
        bytes.Length.Should().Be(TestImages.Png.Length);
        _server.Hits.Should().Equal("/to", "/png");
    }

    [Theory]
    [InlineData("/size/2048", 2047)]
    [InlineData("/size/2048?chunked", 2047)]
    [InlineData("/size/200000?chunked", 100000)]
    public async Task FetchAsync_BodyOverTheCap_IsRefused(string path, long maxBytes)
    {
        // Arrange
        using var fetcher = Fetcher(LoopbackGuard.Create());

        // Act
        var (_, refusal) = await fetcher.FetchAsync(_server.Url(path, "images.test"), Limits, maxBytes, CancellationToken.None);

        // Assert
        refusal.Should().Contain("cap");
    }

    [Fact]
    public async Task FetchAsync_BodyAtTheCap_IsRead()
    {
        // Arrange
        using var fetcher = Fetcher(LoopbackGuard.Create());

        // Act
        var (bytes, refusal) = await fetcher.FetchAsync(_server.Url("/size/2048?chunked", "images.test"), Limits, 2048, CancellationToken.None);

        // Assert
        refusal.Should().BeNull();
        bytes.Length.Should().Be(2048);
    }

    [Fact]
    public async Task FetchAsync_ErrorStatus_IsRefused()
    {
        // Arrange
        using var fetcher = Fetcher(LoopbackGuard.Create());

        // Act
        var (_, refusal) = await fetcher.FetchAsync(_server.Url("/missing", "images.test"), Limits, Limits.MaxBytes, CancellationToken.None);

        // Assert
        refusal.Should().Be("status 404");
    }

    [Fact]
    public async Task FetchAsync_ConnectionDropsMidBody_IsARefusalNotACrash()
    {
        // Arrange
        using var fetcher = Fetcher(LoopbackGuard.Create());

        // Act
        var (bytes, refusal) = await fetcher.FetchAsync(_server.Url("/cut", "images.test"), Limits, Limits.MaxBytes, CancellationToken.None);

        // Assert
        refusal.Should().NotBeNull();
        bytes.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public async Task FetchAsync_SlowServer_IsRefusedAtTheDeadline()
    {
        // Arrange
        using var fetcher = Fetcher(LoopbackGuard.Create());
        var started = System.Diagnostics.Stopwatch.StartNew();

        // Act
        var (_, refusal) = await fetcher.FetchAsync(_server.Url("/slow", "images.test"), Limits with { TimeoutMs = 300 }, Limits.MaxBytes, CancellationToken.None);

        // Assert
        refusal.Should().Be("no complete answer within 300 ms");
        started.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("images.test", "images.test", true)]
    [InlineData("IMAGES.test.", "images.test", true)]
    [InlineData("a.images.test", "*.images.test", true)]
    [InlineData("a.b.images.test", "*.images.test", true)]
    [InlineData("images.test", "*.images.test", false)]
    [InlineData("evilimages.test", "*.images.test", false)]
    [InlineData("images.test.evil", "images.test", false)]
    public void CheckUrl_Allowlist_MatchesExactHostsAndSubdomainPatterns(string host, string pattern, bool allowed)
    {
        // Act
        var refusal = RemoteMediaFetcher.CheckUrl(new Uri($"https://{host}/x.png"), Limits with { UrlAllowlist = [pattern] });

        // Assert
        (refusal is null).Should().Be(allowed);
    }

    [Theory]
    [InlineData("http://localhost/x")]
    [InlineData("http://LOCALHOST./x")]
    [InlineData("http://app.localhost/x")]
    [InlineData("http://printer.local/x")]
    [InlineData("http://metadata.google.internal/x")]
    [InlineData("http://db.internal/x")]
    [InlineData("ftp://images.example.com/x")]
    public void CheckUrl_LocalNamesAndOtherSchemes_AreRefused(string url) =>
        RemoteMediaFetcher.CheckUrl(new Uri(url), Limits).Should().NotBeNull();

    private static RemoteMediaFetcher Fetcher(RemoteFetchGuard guard) => new(guard, NullLogger<RemoteMediaFetcher>.Instance);
}
