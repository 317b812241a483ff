using System.Text.Json;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Runs;

/// <summary>A run's images reach a model that takes them, and only that turn's (agent-runtime.md §5.3, http-api.md §4.6).</summary>
public class AgentRunnerImageTests
{
    private static readonly RunImage Png = new("image/png", TestImages.Png);

    [Fact]
    public async Task RunAsync_ImageModel_SendsTheImagesAfterTheText()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { ModelInput = ["text", "image"] });
        var request = AgentRunnerHarness.Request("describe") with { Images = [Png, new RunImage("image/gif", TestImages.Gif)] };

        // Act
        var result = await h.Runner.RunAsync(request, CancellationToken.None);

        // Assert
        result.Error.Should().BeNull();
        var content = UserContent(await h.Upstream.WaitForRequestAsync(1));
        content.ValueKind.Should().Be(JsonValueKind.Array);
        content[0].GetProperty("type").GetString().Should().Be("text");
        content[0].GetProperty("text").GetString().Should().EndWith("] describe");
        content.EnumerateArray().Skip(1).Select(p => p.GetProperty("image_url").GetProperty("url").GetString()).Should().Equal(
            TestImages.DataUri(TestImages.Png), TestImages.DataUri(TestImages.Gif, "image/gif"));
        result.Payloads.Single().Should().Be("echo: describe", "the fake echoes the text parts only");
    }

    [Fact]
    public async Task RunAsync_TextOnlyModel_DropsTheImagesSilently_T36()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();
        var request = AgentRunnerHarness.Request("describe") with { Images = [Png] };

        // Act
        var result = await h.Runner.RunAsync(request, CancellationToken.None);

        // Assert
        result.Error.Should().BeNull();
        UserContent(await h.Upstream.WaitForRequestAsync(1)).ValueKind.Should().Be(JsonValueKind.String);
        result.Payloads.Single().Should().Be("echo: describe");
    }

    [Fact]
    public async Task RunAsync_TextOnlyFallback_GetsTheTurnWithoutItsImages()
    {
        // Arrange: the primary takes images; the fallback (unlisted, so text-only) does not.
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { ModelInput = ["text", "image"], Fallbacks = ["fake/backup-model"] });
        h.Upstream.Enqueue(FakeUpstreamResponse.Error(401), FakeUpstreamResponse.Text("plain"));

        // Act
        var result = await h.Runner.RunAsync(AgentRunnerHarness.Request("describe") with { Images = [Png] }, CancellationToken.None);

        // Assert
        result.Payloads.Should().Equal("plain");
        UserContent(await h.Upstream.WaitForRequestAsync(1)).ValueKind.Should().Be(JsonValueKind.Array);
        UserContent(await h.Upstream.WaitForRequestAsync(2)).ValueKind.Should().Be(JsonValueKind.String);
    }

    [Fact]
    public async Task RunAsync_Images_AreNotPersistedNorReplayed()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { ModelInput = ["text", "image"] });
        var first = await h.Runner.RunAsync(AgentRunnerHarness.Request("look", sessionKey: "s") with { Images = [Png] }, CancellationToken.None);

        // Act
        await h.Runner.RunAsync(AgentRunnerHarness.Request("and now?", sessionKey: "s"), CancellationToken.None);

        // Assert
        var pngStart = TestImages.PngBase64[..20];
        var entries = await h.Store.ReadTranscriptAsync(first.SessionId!, CancellationToken.None);
        entries.Should().NotContain(e => e.PayloadJson.Contains("image", StringComparison.Ordinal) || e.PayloadJson.Contains(pngStart, StringComparison.Ordinal));
        var second = await h.Upstream.WaitForRequestAsync(2);
        second.Body.Should().NotContain("image_url");
        second.Json!.RootElement.GetProperty("messages").EnumerateArray()
            .Where(m => m.GetProperty("role").GetString() == "user")
            .Should().OnlyContain(m => m.GetProperty("content").ValueKind == JsonValueKind.String);
    }

    private static JsonElement UserContent(RecordedUpstreamRequest request) =>
        request.Json!.RootElement.GetProperty("messages").EnumerateArray().Last(m => m.GetProperty("role").GetString() == "user").GetProperty("content");
}
