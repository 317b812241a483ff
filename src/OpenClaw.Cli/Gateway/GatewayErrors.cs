using System.Text.Json;

namespace OpenClaw.Cli.Gateway;

/// <summary>The shared secret the CLI presents.</summary>
internal sealed record GatewayCredentials(string? Token, string? Password);

/// <summary>Nothing answered at the gateway URL (refused, timed out, not a WebSocket).</summary>
internal sealed class GatewayUnreachableException(Uri url, string reason) : Exception($"gateway not reachable at {url} ({reason})")
{
    public Uri Url { get; } = url;

    /// <summary>Why, in a few words (e.g. <c>connection refused</c>).</summary>
    public string Reason { get; } = reason;

    /// <summary>True when nothing listens at the address (as opposed to a slow or broken gateway).</summary>
    public bool Refused { get; init; }
}

/// <summary>The gateway answered with an error (<c>ok:false</c>), or the call could not complete.</summary>
internal sealed class GatewayCallException(string code, string message, JsonElement payload = default) : Exception(message)
{
    public string Code { get; } = code;

    /// <summary>The payload sent with the error (the failed final of <c>agent</c>), if any.</summary>
    public JsonElement Payload { get; } = payload;
}
