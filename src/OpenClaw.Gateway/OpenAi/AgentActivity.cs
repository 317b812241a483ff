using OpenClaw.Gateway.Hosting;

namespace OpenClaw.Gateway.OpenAi;

/// <summary>
/// <b>[extension]</b> The opt-in to the agent's own activity on a stream: the request header
/// <c>x-openclaw-agent-activity</c> (<c>1</c>/<c>true</c>/<c>on</c> or <c>0</c>/<c>false</c>/<c>off</c>), else the host
/// default <c>OpenClaw:Http:AgentActivity</c> (off).
/// </summary>
internal static class AgentActivity
{
    public const string Header = "x-openclaw-agent-activity";

    public static bool IsRequested(HttpRequest request, GatewayHttpOptions options) =>
        request.Headers[Header].ToString().Trim().ToLowerInvariant() switch
        {
            "1" or "true" or "on" or "yes" => true,
            "0" or "false" or "off" or "no" => false,
            _ => options.AgentActivity,
        };
}
