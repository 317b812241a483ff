using System.Text.Json;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.Support;

/// <summary>A fake OpenAI upstream and an in-memory gateway configured against it (agents main and beta).</summary>
internal sealed class UpstreamFixture : IAsyncDisposable
{
    private UpstreamFixture(FakeOpenAiUpstream upstream, GatewayFactory gateway)
    {
        Upstream = upstream;
        Gateway = gateway;
    }

    public FakeOpenAiUpstream Upstream { get; }

    public GatewayFactory Gateway { get; }

    public static async Task<UpstreamFixture> StartAsync(string agents = "main,beta", string extraDefaults = "", IDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var upstream = await FakeOpenAiUpstream.StartAsync();
        return new UpstreamFixture(upstream, new GatewayFactory(TestConfigs.Upstream(upstream.BaseUrl, agents, extraDefaults: extraDefaults), settings, time: time));
    }

    public HttpClient CreateClient() => Gateway.CreateAuthorizedClient();

    /// <summary>The <c>messages</c> the gateway sent upstream in its <paramref name="index"/>-th chat call (1-based).</summary>
    public List<(string Role, string Content)> UpstreamMessages(int index)
    {
        var json = Upstream.ChatRequests[index - 1].Json!.RootElement;
        return json.GetProperty("messages").EnumerateArray()
            .Select(m => (m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!))
            .ToList();
    }

    public JsonElement UpstreamBody(int index) => Upstream.ChatRequests[index - 1].Json!.RootElement;

    /// <summary>Removes the timestamp envelope the runtime puts in front of user text.</summary>
    public static string WithoutEnvelope(string userText) =>
        System.Text.RegularExpressions.Regex.Replace(userText, @"^\[[A-Z][a-z]{2} \d{4}-\d{2}-\d{2} \d{2}:\d{2}[^\]]*\] ", "");

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
