using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Metadata;
using OpenClaw.Gateway.Http;

namespace OpenClaw.Gateway.OpenAi;

/// <summary><c>{"error":{"message","type"[,"code"]}}</c>, the only error shape on <c>/v1</c> (http-api.md §2.3).</summary>
internal sealed record OpenAiErrorEnvelope([property: JsonPropertyName("error")] OpenAiError Error);

internal sealed record OpenAiError(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("code")] string? Code = null);

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

/// <summary>
/// An HTTP status with its OpenAI envelope (<c>{"error":{message,type,code}}</c>), produced before the response starts,
/// with <c>Retry-After</c> when it has one; the OpenAPI document lists the statuses the envelope comes with.
/// </summary>
internal sealed record OpenAiFailure(int Status, OpenAiError Error, TimeSpan? RetryAfter = null) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult
{
    private static readonly int[] DocumentedStatuses = [400, 401, 403, 404, 408, 409, 413, 429, 500, 502, 503];

    public static OpenAiFailure BadRequest(string message) => new(400, new OpenAiError(message, OpenAiErrorTypes.InvalidRequest));

    public static readonly OpenAiFailure Internal = new(500, new OpenAiError("internal error", OpenAiErrorTypes.Api));

    /// <summary>The connection cannot carry another request (a body left unread): <c>Connection: close</c>.</summary>
    public bool CloseConnection { get; init; }

    int? IStatusCodeHttpResult.StatusCode => Status;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        if (CloseConnection)
        {
            response.Headers.Connection = "close";
        }

        if (RetryAfter is { } retryAfter)
        {
            HttpBodies.SetRetryAfter(response, retryAfter);
        }

        return HttpBodies.WriteJsonAsync(response, Status, new OpenAiErrorEnvelope(Error), GatewayJson.Context.OpenAiErrorEnvelope);
    }

    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var status in DocumentedStatuses)
        {
            builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(OpenAiErrorEnvelope), [HttpBodies.JsonContentType]));
        }
    }
}
