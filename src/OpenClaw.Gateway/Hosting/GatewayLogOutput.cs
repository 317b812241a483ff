namespace OpenClaw.Gateway.Hosting;

/// <summary>
/// Where the gateway's log goes instead of the console, in the configured format (tests). Register it before
/// <c>AddGateway</c> for the startup phase too; a test host's services are enough for everything after.
/// </summary>
internal sealed record GatewayLogOutput(TextWriter Writer);
