using System.Diagnostics;
using OpenClaw.Core.Telemetry;

namespace OpenClaw.Gateway.Telemetry;

/// <summary>
/// A span per control-plane request. Each is the root of its own trace (the connection's upgrade request lasts as long
/// as the socket, so it would be a poor parent) and links to the connection's span.
/// </summary>
internal static class SocketRequestTracing
{
    private const int MaxMethodLength = 64;

    public static Activity? Start(string method)
    {
        if (!GatewayTelemetry.ActivitySource.HasListeners())
        {
            return null;
        }

        var connection = Activity.Current;
        Activity.Current = null;
        ActivityLink[]? links = connection is null ? null : [new ActivityLink(connection.Context)];
        var activity = GatewayTelemetry.ActivitySource.StartActivity("openclaw.ws.request", ActivityKind.Server, parentContext: default, links: links);
        if (activity is { IsAllDataRequested: true })
        {
            // Tags only on a recorded span: an unrecorded one (no exporter) only carries the trace context.
            activity.SetTag("rpc.system", "openclaw");
            activity.SetTag("rpc.method", method.Length > MaxMethodLength ? method[..MaxMethodLength] : method);
        }

        return activity;
    }
}
