using System.Text.Json.Nodes;

namespace OpenClaw.Gateway.WebSockets;

/// <summary>An ErrorShape (gateway-protocol.md §2) carried as an exception out of a method handler.</summary>
internal sealed class SocketRequestException(string code, string message, JsonObject? details = null) : Exception(message)
{
    public string Code { get; } = code;

    public JsonObject? Details { get; } = details;

    public bool? Retryable { get; init; }

    public long? RetryAfterMs { get; init; }

    /// <summary>A payload sent next to the error (the failed final of <c>agent</c>).</summary>
    public JsonNode? Payload { get; init; }

    public static SocketRequestException Invalid(string message, JsonObject? details = null) =>
        new(SocketErrorCodes.InvalidRequest, message, details);

    /// <summary>The <c>ErrorShape</c> object, keys in the spec's order.</summary>
    public JsonObject ToShape()
    {
        var shape = new JsonObject { ["code"] = Code, ["message"] = Message };
        if (Details is not null)
        {
            shape["details"] = Details.DeepClone();
        }

        if (Retryable is { } retryable)
        {
            shape["retryable"] = retryable;
        }

        if (RetryAfterMs is { } after)
        {
            shape["retryAfterMs"] = after;
        }

        return shape;
    }
}
