using System.Net;
using System.Text.Json;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.WebSockets;

/// <summary>Starting a real Kestrel gateway for WebSocket tests, and the HTTP side-doors the tests use.</summary>
internal static class WsGateway
{
    public const string HandshakeTimeout = "OpenClaw:WebSocket:HandshakeTimeoutMilliseconds";
    public const string TickInterval = "OpenClaw:WebSocket:TickIntervalMilliseconds";
    public const string MaxPayload = "OpenClaw:WebSocket:MaxPayloadBytes";
    public const string MaxHandshakePayload = "OpenClaw:WebSocket:MaxHandshakePayloadBytes";
    public const string MaxBuffered = "OpenClaw:WebSocket:MaxBufferedBytes";
    public const string ChatDeltaThrottle = "OpenClaw:WebSocket:ChatDeltaThrottleMilliseconds";

    /// <summary>Not in the brief's list: the implementation's knob for "at most every 60 s" of health broadcasts (§5.3).</summary>
    public const string HealthBroadcast = "OpenClaw:WebSocket:HealthBroadcastMilliseconds";

    /// <summary>A gateway with production WebSocket timings unless <paramref name="settings"/> override them.</summary>
    public static Task<KestrelGateway> StartAsync(string config = TestConfigs.EchoOnly, params (string Key, string Value)[] settings) =>
        KestrelGateway.StartAsync(config, settings.ToDictionary(s => s.Key, s => (string?)s.Value));

    /// <summary>As <see cref="StartAsync(string, ValueTuple{string, string}[])"/>, on <paramref name="time"/> (ticks, deadlines, waits).</summary>
    public static Task<KestrelGateway> StartAsync(TimeProvider time, string config = TestConfigs.EchoOnly, params (string Key, string Value)[] settings) =>
        KestrelGateway.StartAsync(config, settings.ToDictionary(s => s.Key, s => (string?)s.Value), time: time);

    /// <summary>A non-streaming <c>/v1/chat/completions</c> call with a <c>user</c>: creates <c>agent:main:openai-user:&lt;user&gt;</c>.</summary>
    public static async Task<JsonElement> HttpChatAsync(this KestrelGateway gateway, string user, string text, string model = "openclaw")
    {
        using var client = gateway.CreateClient();
        using var response = await client.PostRawAsync(HttpTestExtensions.ChatBody(text, model, extra: $"\"user\":{JsonSerializer.Serialize(user)},"));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    /// <summary>A JSON string literal for building params.</summary>
    public static string Q(string value) => JsonSerializer.Serialize(value);
}
