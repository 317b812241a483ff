using OpenClaw.Core.Providers;
using OpenClaw.Core.Providers.OpenAi;
using OpenClaw.Testing;
using static OpenClaw.Core.Tests.Support.ChatClientCalls;
using static OpenClaw.Core.Tests.Support.ProviderFaultCases;

namespace OpenClaw.Core.Tests.Providers.OpenAi;

/// <summary>The faults only Chat Completions has; those every provider shares are in <see cref="ProviderFaultTests"/>.</summary>
public sealed class OpenAiCompletionsChatClientFaultTests : IAsyncLifetime
{
    private readonly HttpClient _http = ChatClientFactory.CreateHttpClient(Relaxed);
    private FakeOpenAiUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeOpenAiUpstream.StartAsync();

    public async Task DisposeAsync()
    {
        await _upstream.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task GetStreamingResponseAsync_HugeErrorBody_IsReadOnlyUpToTheCap()
    {
        // Arrange: 4 MiB of JSON whose message would be valid if it were read whole.
        var huge = """{"error":{"message":""" + "\"" + new string('x', 4 * 1024 * 1024) + "\"}}";
        _upstream.Enqueue(FakeUpstreamResponse.Error(500, huge));

        // Act
        var ex = await CaptureAsync(Client());

        // Assert: cut at the cap, no longer JSON: a generic message, the first 500 characters kept for the log.
        ex.Message.Should().Be("500 upstream returned HTTP 500");
        ex.UnstructuredBody.Should().Be(huge[..500]);
        ex.Reason.Should().Be(ProviderFailureReason.ServerError);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_InBandErrorFrame_IsServerErrorWithItsMessage()
    {
        // Arrange
        _upstream.Enqueue(FakeUpstreamResponse.Raw(
            "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\ndata: {\"error\":{\"message\":\"model crashed\",\"code\":\"oops\"}}\n\n"));

        // Act
        var ex = await CaptureAsync(Client());

        // Assert
        ex.Reason.Should().Be(ProviderFailureReason.ServerError);
        ex.Message.Should().Contain("model crashed");
        ex.Code.Should().Be("oops");
    }

    private OpenAiCompletionsChatClient Client() =>
        new(_http, new OpenAiEndpoint("fake", _upstream.BaseUrl, "sk-test", new Dictionary<string, string>()), Relaxed);
}
