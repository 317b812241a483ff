using System.Text.Json.Serialization;

namespace OpenClaw.Gateway.OpenAi;

/// <summary><c>{"error":{"message","type"[,"code"]}}</c>, the only error shape on <c>/v1</c> (http-api.md §2.3).</summary>
internal sealed record OpenAiErrorEnvelope([property: JsonPropertyName("error")] OpenAiError Error);

internal sealed record OpenAiError(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("code")] string? Code = null);

/// <summary>The scope failure shape: <c>{"ok":false,"error":{"type":"forbidden","message":…}}</c> (http-api.md §3.5).</summary>
internal sealed record ScopeErrorEnvelope(
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("error")] ScopeError Error);

internal sealed record ScopeError(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("message")] string Message);

/// <summary>The error types of http-api.md §2.3.</summary>
internal static class OpenAiErrorTypes
{
    public const string InvalidRequest = "invalid_request_error";
    public const string Unauthorized = "unauthorized";
    public const string RateLimited = "rate_limited";
    public const string Forbidden = "forbidden";
    public const string Api = "api_error";
    public const string Authentication = "authentication_error";
    public const string Permission = "permission_error";
    public const string InsufficientQuota = "insufficient_quota";
    public const string RateLimit = "rate_limit_error";
    public const string ServiceUnavailable = "service_unavailable";
}

/// <summary>An HTTP status with its OpenAI envelope, produced before the response starts.</summary>
internal sealed record OpenAiFailure(int Status, OpenAiError Error, TimeSpan? RetryAfter = null)
{
    public static OpenAiFailure BadRequest(string message) => new(400, new OpenAiError(message, OpenAiErrorTypes.InvalidRequest));

    public static readonly OpenAiFailure Internal = new(500, new OpenAiError("internal error", OpenAiErrorTypes.Api));
}
