using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace OpenClaw.Gateway.Http;

/// <summary>The start every SSE response of the gateway shares (http-api.md §4.12 headers).</summary>
internal static class SseResponse
{
    /// <summary>
    /// 200, <c>text/event-stream; charset=utf-8</c>, <c>Cache-Control: no-cache</c>, <c>Connection: keep-alive</c> on
    /// HTTP/1.1; unbuffered, and without Kestrel's minimum data rate, which would cut a client that pauses reading (each
    /// stream bounds its writes with a stall limit of its own instead).
    /// </summary>
    public static void Start(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        if (HttpProtocol.IsHttp11(context.Request.Protocol))
        {
            response.Headers.Connection = "keep-alive";
        }

        if (context.Features.Get<IHttpMinResponseDataRateFeature>() is { } dataRate)
        {
            dataRate.MinDataRate = null;
        }

        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        // Counted as an open stream until the response completes.
        if (context.RequestServices.GetService<Telemetry.HostMetrics>() is { } metrics)
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(unrouted)";
            response.RegisterForDispose(metrics.SseStreamOpened(route));
        }
    }
}
