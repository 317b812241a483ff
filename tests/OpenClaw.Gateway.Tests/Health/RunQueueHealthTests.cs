using System.Net.Http.Json;
using System.Text.Json;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.Health;

/// <summary><b>[extension]</b> The run queue in <c>/readyz</c> (issue 14 item 5): it moves with the traffic.</summary>
public sealed class RunQueueHealthTests : IAsyncLifetime
{
    private UpstreamFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await UpstreamFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Readyz_CountsTheRunInFlight_AndNoneAfterIt()
    {
        // Arrange: a run that waits on its model.
        _fixture.Upstream.Enqueue(FakeUpstreamResponse.HangBeforeHeaders());
        var client = _fixture.CreateClient();
        using var cts = new CancellationTokenSource();
        var run = client.PostAsync(HttpTestExtensions.ChatPath, new StringContent(HttpTestExtensions.ChatBody("hang", "openclaw/main")), cts.Token);
        await _fixture.Upstream.WaitForRequestAsync(1);

        // Act
        var during = await Runs(client);
        await cts.CancelAsync();
        await FluentActions.Awaiting(() => run).Should().ThrowAsync<OperationCanceledException>();
        JsonElement after = default;
        await Eventually.TrueAsync(async () => (after = await Runs(client)).GetProperty("active").GetInt32() == 0);

        // Assert
        during.GetRawText().Should().Be("""{"active":1,"queued":0}""");
        after.GetRawText().Should().Be("""{"active":0,"queued":0}""");
    }

    private static async Task<JsonElement> Runs(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>(new Uri("/readyz", UriKind.Relative))).GetProperty("runs");
}
