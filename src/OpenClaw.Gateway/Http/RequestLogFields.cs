namespace OpenClaw.Gateway.Http;

/// <summary>
/// What only an endpoint knows about its request (the agent, the run, whether it streamed), kept on the request for
/// its request-log line (<see cref="GatewayRequestLogging"/>).
/// </summary>
internal sealed class RequestLogFields
{
    public string? AgentId { get; private init; }

    public string? RunId { get; private init; }

    public bool Streaming { get; private init; }

    public static void Record(HttpContext context, string? agentId, string? runId = null, bool streaming = false) =>
        context.Features.Set(new RequestLogFields { AgentId = agentId, RunId = runId, Streaming = streaming });

    public static RequestLogFields? Of(HttpContext context) => context.Features.Get<RequestLogFields>();
}
