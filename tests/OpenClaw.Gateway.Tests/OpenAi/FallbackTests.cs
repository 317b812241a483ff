using System.Net;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.OpenAi;

/// <summary>Fallback models through <c>/v1/chat/completions</c>: a second provider on its own fake upstream.</summary>
public sealed class FallbackTests : IAsyncLifetime
{
    private FakeOpenAiUpstream _primary = null!;
    private FakeOpenAiUpstream _backup = null!;
    private GatewayFactory _gateway = null!;

    public async Task InitializeAsync()
    {
        _primary = await FakeOpenAiUpstream.StartAsync();
        _backup = await FakeOpenAiUpstream.StartAsync();
        _gateway = new GatewayFactory(TestConfigs.Upstream(
            _primary.BaseUrl,
            fallbacks: "'backup/backup-model'",
            extraProviders: $"backup: {{ baseUrl: '{_backup.BaseUrl.AbsoluteUri.TrimEnd('/')}', apiKey: 'b', api: 'openai-completions', models: [{{ id: 'backup-model' }}] }},"));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _primary.DisposeAsync();
        await _backup.DisposeAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PrimaryDown_TheFallbackAnswers(bool stream)
    {
        // Arrange
        _primary.Enqueue(Enumerable.Repeat(FakeUpstreamResponse.Error(500), 3).ToArray());
        _backup.Enqueue(FakeUpstreamResponse.Text("backup ", "answer"));

        // Act
        var response = await _gateway.CreateAuthorizedClient().PostRawAsync(HttpTestExtensions.ChatBody("hi", "openclaw/main", stream: stream));
        var text = stream ? string.Concat(await response.SseDataAsync()) : await response.Content.ReadAsStringAsync();

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        text.Should().Contain("backup").And.NotContain("\"error\"");
        _primary.ChatRequests.Should().HaveCount(3);
        _backup.ChatRequests.Should().ContainSingle().Which.Json!.RootElement.GetProperty("model").GetString().Should().Be("backup-model");
        _backup.ChatRequests[0].Header("Authorization").Should().Be("Bearer b");
    }

    [Fact]
    public async Task PrimaryRejectsTheKey_TheFallbackIsTriedAtOnce()
    {
        // Arrange
        _primary.Enqueue(FakeUpstreamResponse.Error(401, """{"error":{"message":"bad key"}}"""));
        _backup.Enqueue(FakeUpstreamResponse.Text("fine"));

        // Act
        var response = await _gateway.CreateAuthorizedClient().PostRawAsync(HttpTestExtensions.ChatBody("hi", "openclaw/main"));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"content\":\"fine\"");
        _primary.ChatRequests.Should().HaveCount(1);
    }

    [Fact]
    public async Task BothDown_TheLastFailureIsReported()
    {
        // Arrange
        _primary.Enqueue(Enumerable.Repeat(FakeUpstreamResponse.Error(500), 3).ToArray());
        _backup.Enqueue(FakeUpstreamResponse.Error(402, """{"error":{"message":"pay up"}}"""));

        // Act
        var response = await _gateway.CreateAuthorizedClient().PostRawAsync(HttpTestExtensions.ChatBody("hi", "openclaw/main"));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.PaymentRequired);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"402 pay up","type":"insufficient_quota"}}""");
        (_primary.ChatRequests.Count, _backup.ChatRequests.Count).Should().Be((3, 1));
    }

    [Fact]
    public async Task BadRequest_DoesNotFallBack()
    {
        // Arrange
        _primary.Enqueue(FakeUpstreamResponse.Error(400, """{"error":{"message":"bad input"}}"""));

        // Act
        var response = await _gateway.CreateAuthorizedClient().PostRawAsync(HttpTestExtensions.ChatBody("hi", "openclaw/main"));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        _backup.ChatRequests.Should().BeEmpty();
    }
}
