using System.Diagnostics;
using System.Text.Json;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.Hosting;

/// <summary>Stopping the host (what SIGTERM does) lets in-flight streams finish for a bounded time.</summary>
public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Stop_LetsAnInFlightStreamFinish()
    {
        // Arrange: a stream that needs ~1 s more after the stop begins.
        await using var upstream = await FakeOpenAiUpstream.StartAsync();
        upstream.Enqueue(FakeUpstreamResponse.Text("one ", "two ", "three ", "four ", "five") with { DelayBetweenChunks = TimeSpan.FromMilliseconds(250) });
        var gateway = await KestrelGateway.StartAsync(TestConfigs.Upstream(upstream.BaseUrl));
        using var client = gateway.CreateClient();
        var response = await client.SendAsync(
            HttpTestExtensions.Request(HttpMethod.Post, HttpTestExtensions.ChatPath, HttpTestExtensions.ChatBody("x", "openclaw/main", stream: true)),
            HttpCompletionOption.ResponseHeadersRead);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line && !line.Contains("\"content\"", StringComparison.Ordinal))
        {
        }

        // Act
        var stopping = gateway.DisposeAsync().AsTask();
        var rest = await reader.ReadToEndAsync();
        await stopping;

        // Assert
        rest.Should().Contain("\"finish_reason\":\"stop\"").And.EndWith("data: [DONE]\n\n");
        string.Concat(HttpTestExtensions.ParseSse(rest.TrimStart('\n')).Where(f => f.Contains("\"content\"", StringComparison.Ordinal))
            .Select(f => JsonDocument.Parse(f).RootElement.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString()))
            .Should().Be(" two three four five");
    }

    [Fact]
    public async Task Stop_IsBounded_AndAHungRunIsPersistedAsAborted()
    {
        // Arrange: a stream that never ends; a 1 s shutdown window.
        await using var upstream = await FakeOpenAiUpstream.StartAsync();
        upstream.Enqueue(FakeUpstreamResponse.HangAfter("stuck "));
        var stateDir = Directory.CreateTempSubdirectory("openclaw-stop-").FullName;
        var gateway = await KestrelGateway.StartAsync(
            TestConfigs.Upstream(upstream.BaseUrl), new Dictionary<string, string?> { ["OpenClaw:Http:ShutdownTimeoutSeconds"] = "1" }, stateDir);
        using var client = gateway.CreateClient();
        var response = await client.SendAsync(
            HttpTestExtensions.Request(HttpMethod.Post, HttpTestExtensions.ChatPath, HttpTestExtensions.ChatBody("x", "openclaw/main", stream: true, extra: "\"user\":\"stuck\",")),
            HttpCompletionOption.ResponseHeadersRead);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line && !line.Contains("\"content\"", StringComparison.Ordinal))
        {
        }

        // Act
        var started = Stopwatch.GetTimestamp();
        await gateway.DisposeAsync();

        // Assert
        Stopwatch.GetElapsedTime(started).Should().BeLessThan(TimeSpan.FromSeconds(8));
        (await upstream.ChatRequests[0].WaitForCompletionAsync(TimeSpan.FromSeconds(5))).IsClientAborted.Should().BeTrue();
        await using var store = new OpenClaw.Sessions.Sqlite.SqliteSessionStore(Path.Combine(stateDir, "openclaw-dotnet.sqlite"));
        await store.InitializeAsync(CancellationToken.None);
        var session = await store.GetSessionAsync("agent:main:openai-user:stuck", CancellationToken.None);
        session!.AbortedLastRun.Should().BeTrue();
        var entries = await store.ReadTranscriptAsync(session.SessionId, CancellationToken.None);
        JsonDocument.Parse(entries[^1].PayloadJson).RootElement.GetProperty("message").GetProperty("stopReason").GetString().Should().Be("aborted");
        GatewayFactory.TryDelete(stateDir);
    }
}
