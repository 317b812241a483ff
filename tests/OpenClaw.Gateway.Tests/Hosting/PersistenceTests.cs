using System.Text.Json;
using OpenClaw.Core.Sessions;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.Hosting;

public sealed class PersistenceTests
{
    [Fact]
    public async Task SessionHistory_SurvivesAGatewayRestart()
    {
        // Arrange
        await using var upstream = await FakeOpenAiUpstream.StartAsync();
        var config = TestConfigs.Upstream(upstream.BaseUrl);
        var stateDir = Directory.CreateTempSubdirectory("openclaw-restart-").FullName;
        await using (var first = await KestrelGateway.StartAsync(config, stateDir: stateDir))
        {
            await first.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("remember the number 42", "openclaw/main", extra: "\"user\":\"restart\","));
        }

        // Act
        try
        {
            await using var second = await KestrelGateway.StartAsync(config, stateDir: stateDir);
            await second.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("what number?", "openclaw/main", extra: "\"user\":\"restart\","));
        }
        finally
        {
            GatewayFactory.TryDelete(stateDir);
        }

        // Assert
        var messages = upstream.ChatRequests[1].Json!.RootElement.GetProperty("messages").EnumerateArray().ToList();
        messages.Select(m => m.GetProperty("role").GetString()).Should().Equal("system", "user", "assistant", "user");
        messages[2].GetProperty("content").GetString().Should().Be("echo: remember the number 42");
    }

    [Fact]
    public async Task ParallelRequestsOnOneUser_AreEachPersistedOnce_InOrder()
    {
        // Arrange: each upstream call takes a while, so the requests really overlap.
        const int Requests = 8;
        await using var upstream = await FakeOpenAiUpstream.StartAsync();
        upstream.Responder = _ => FakeUpstreamResponse.Echo() with { DelayBetweenChunks = TimeSpan.FromMilliseconds(20) };
        await using var gateway = await KestrelGateway.StartAsync(TestConfigs.Upstream(upstream.BaseUrl));
        using var client = gateway.CreateClient();

        // Act
        var responses = await Task.WhenAll(Enumerable.Range(1, Requests).Select(i =>
            client.PostRawAsync(HttpTestExtensions.ChatBody($"message {i}", "openclaw/main", extra: "\"user\":\"crowd\","))));

        // Assert
        responses.Should().OnlyContain(r => r.IsSuccessStatusCode);
        var store = gateway.App.Services.GetRequiredService<ISessionStore>();
        var session = await store.GetSessionAsync("agent:main:openai-user:crowd", CancellationToken.None);
        var entries = await store.ReadTranscriptAsync(session!.SessionId, CancellationToken.None);
        entries.Should().HaveCount(2 * Requests);
        entries.Select(e => e.Seq).Should().Equal(Enumerable.Range(1, 2 * Requests).Select(i => (long)i));
        var texts = entries.Select(Text).ToList();
        for (var i = 0; i < Requests; i++)
        {
            var user = UpstreamFixture.WithoutEnvelope(texts[2 * i]);
            texts[(2 * i) + 1].Should().Be("echo: " + user, "each answer directly follows its own question");
        }

        texts.Where((_, i) => i % 2 == 0).Select(UpstreamFixture.WithoutEnvelope).Should().OnlyHaveUniqueItems()
            .And.BeEquivalentTo(Enumerable.Range(1, Requests).Select(i => $"message {i}"));

        // The runs never interleaved: the n-th upstream call saw exactly the n-1 earlier turns.
        upstream.ChatRequests.Select(r => r.Json!.RootElement.GetProperty("messages").GetArrayLength())
            .Should().Equal(Enumerable.Range(0, Requests).Select(n => 2 + (2 * n)));
        entries.Zip(entries.Skip(1)).Should().OnlyContain(p => p.Second.ParentId == p.First.EntryId, "the entries form one chain");
    }

    private static string Text(TranscriptEntry entry)
    {
        var message = JsonDocument.Parse(entry.PayloadJson).RootElement.GetProperty("message");
        var content = message.GetProperty("content");
        return content.ValueKind == JsonValueKind.String ? content.GetString()! : content[0].GetProperty("text").GetString()!;
    }
}
