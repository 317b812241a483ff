using System.Net.Http.Headers;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.Telemetry;

/// <summary>
/// Requests sent as a client in another process would send them: this test process's own HttpClient calls are traced
/// by the gateways' listeners too, and would replace the <c>traceparent</c> a test sends with one of their own. This
/// client's handler propagates nothing, so the headers a test sets are the ones the gateway sees.
/// </summary>
internal static class OutsideCaller
{
    public static async Task<HttpResponseMessage> PostAsOutsiderAsync(this KestrelGateway gateway, string body, params (string Name, string Value)[] headers)
    {
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null })
        {
            BaseAddress = gateway.BaseAddress,
            DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", TestConfigs.Token) },
        };
        return await client.PostRawAsync(body, headers: headers);
    }
}
