using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;
using OpenClaw.Core.Prompt;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Providers.OpenAi;
using OpenClaw.Core.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Providers.OpenAi;

/// <summary>
/// Request bodies on both sides of <see cref="ProviderHttp.StreamedBodyBytes"/> through a real socket: a large one is
/// streamed (<see cref="StreamedJsonContent"/>), a smaller one sent from pooled segments; both arrive whole, with an
/// exact Content-Length.
/// </summary>
public sealed class OpenAiCompletionsChatClientLargeBodyTests : IAsyncLifetime
{
    private readonly HttpClient _http = new(new SocketsHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan };
    private FakeOpenAiUpstream _upstream = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeOpenAiUpstream.StartAsync();
        _upstream.Responder = _ => new FakeUpstreamResponse { Chunks = ["ok"] };
    }

    public async Task DisposeAsync()
    {
        await _upstream.DisposeAsync();
        _http.Dispose();
    }

    [Theory]
    [InlineData(ProviderHttp.StreamedBodyBytes / 2)]
    [InlineData(ProviderHttp.StreamedBodyBytes + 1)]
    [InlineData(3 * ProviderHttp.StreamedBodyBytes)]
    public async Task GetStreamingResponseAsync_Utf8PiecesMessage_ArrivesIntactWithExactContentLength(long bytes)
    {
        // Arrange: the user text as several UTF-8 pieces, each cut at a character boundary
        var text = Text(bytes);
        var utf8 = Encoding.UTF8.GetBytes(text);
        var cut = Boundary(utf8, utf8.Length / 3);
        var pieces = PromptText.FromUtf8(utf8.AsMemory(0, cut), utf8.AsMemory(cut));
        var message = new ChatMessage(ChatRole.User, [new Utf8TextContent(PromptText.Concat("[Sun 2026-11-22 03:19 UTC] ", pieces))]);

        // Act
        var reply = await DrainAsync([new ChatMessage(ChatRole.System, "sys"), message]);

        // Assert
        reply.Should().Be("ok");
        var request = await _upstream.WaitForRequestAsync(1);
        AssertExactLength(request);
        var messages = request.Json!.RootElement.GetProperty("messages");
        messages[0].GetProperty("content").GetString().Should().Be("sys");
        messages[1].GetProperty("role").GetString().Should().Be("user");
        LargeText.ShouldEqual(messages[1].GetProperty("content").GetString(), "[Sun 2026-11-22 03:19 UTC] " + text);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_LargeStringMessage_ArrivesIntactWithExactContentLength()
    {
        // Arrange
        var text = Text(2 * ProviderHttp.StreamedBodyBytes);

        // Act
        await DrainAsync([new ChatMessage(ChatRole.User, text)]);

        // Assert
        var request = await _upstream.WaitForRequestAsync(1);
        AssertExactLength(request);
        LargeText.ShouldEqual(request.Json!.RootElement.GetProperty("messages")[0].GetProperty("content").GetString(), text);
    }

    private static void AssertExactLength(RecordedUpstreamRequest request)
    {
        request.Header("Transfer-Encoding").Should().BeNull("the body has a known length");
        request.Header("Content-Length").Should().Be(Encoding.UTF8.GetByteCount(request.Body).ToString(CultureInfo.InvariantCulture));
        request.Json.Should().NotBeNull("the body is complete JSON");
    }

    /// <summary>About <paramref name="bytes"/> of UTF-8 with escapes, multi-byte characters and surrogate pairs.</summary>
    private static string Text(long bytes)
    {
        const string Unit = "wörds \"quoted\" €uro 😀\n\t\\ ";
        var repeat = (int)(bytes / Encoding.UTF8.GetByteCount(Unit)) + 1;
        return string.Concat(Enumerable.Repeat(Unit, repeat));
    }

    private static int Boundary(byte[] utf8, int at)
    {
        while ((utf8[at] & 0xC0) == 0x80)
        {
            at--;
        }

        return at;
    }

    private async Task<string> DrainAsync(List<ChatMessage> messages)
    {
        var client = new OpenAiCompletionsChatClient(
            _http, new OpenAiEndpoint("fake", _upstream.BaseUrl, "sk-test", new Dictionary<string, string>()), new ProviderTimeouts());
        var text = new StringBuilder();
        await foreach (var update in client.GetStreamingResponseAsync(messages, new ChatOptions { ModelId = "fake-model" }))
        {
            text.Append(update.Text);
        }

        return text.ToString();
    }
}
