using OpenClaw.Gateway.Tests.Support;
using OpenTelemetry;

namespace OpenClaw.Gateway.Tests.Telemetry;

/// <summary>
/// Requests sent as a client in another process would send them: this test process's own HttpClient calls are traced
/// by the gateway's listeners too, and would replace the <c>traceparent</c> a test sends with one of their own.
/// </summary>
internal static class OutsideCaller
{
    public static async Task<HttpResponseMessage> PostAsOutsiderAsync(this KestrelGateway gateway, string body, params (string Name, string Value)[] headers)
    {
        using var client = gateway.CreateClient();
        using (SuppressInstrumentationScope.Begin())
        {
            return await client.PostRawAsync(body, headers: headers);
        }
    }
}
