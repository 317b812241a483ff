using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Metadata;
using OpenClaw.Gateway.OpenAi;

namespace OpenClaw.Gateway.Http;

/// <summary>
/// The <c>ok:false</c> body of scope failures, <c>/tools/invoke</c> and the session routes (http-api.md §3.5, §8.6,
/// §8a): keys <c>ok</c>, <c>error</c>{<c>type</c>, <c>message</c>[, <c>retryable</c>][, <c>details</c>]}.
/// </summary>
internal sealed record GatewayErrorEnvelope(
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("error")] GatewayError Error);

internal sealed record GatewayError(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("retryable")] bool? Retryable = null,
    [property: JsonPropertyName("details")] MissingScopeDetails? Details = null);

/// <summary>What the original adds to the 403 of <c>POST /sessions/{key}/kill</c> (http-api.md §8a.4).</summary>
internal sealed record MissingScopeDetails(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("missingScope")] string MissingScope,
    [property: JsonPropertyName("requiredScopes")] IReadOnlyList<string> RequiredScopes)
{
    public static MissingScopeDetails For(string scope) => new("MISSING_SCOPE", scope, [scope]);
}

/// <summary>
/// An HTTP status with the <c>ok:false</c> envelope, with <c>Retry-After</c> when it has one.
/// </summary>
/// <remarks>
/// The OpenAPI document keeps one response per status, the last one declared. Handlers list this type after
/// <see cref="OpenAiFailure"/>, so the statuses documented here (the scope 403, the not-found 404, the tool 500) name
/// this envelope, and the transport errors (400, 401, 408, 413, 429, 503) the OpenAI one.
/// </remarks>
internal sealed record GatewayFailure(int Status, GatewayError Error, TimeSpan? RetryAfter = null) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult
{
    private static readonly int[] DocumentedStatuses = [403, 404, 500];

    public static GatewayFailure InvalidRequest(string message) => new(StatusCodes.Status400BadRequest, new GatewayError("invalid_request", message));

    public static GatewayFailure NotFound(string message) => new(StatusCodes.Status404NotFound, new GatewayError("not_found", message));

    public static GatewayFailure MissingScope(string scope, MissingScopeDetails? details = null) =>
        new(StatusCodes.Status403Forbidden, new GatewayError(OpenAiErrorTypes.Forbidden, $"missing scope: {scope}", Details: details));

    int? IStatusCodeHttpResult.StatusCode => Status;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (RetryAfter is { } retryAfter)
        {
            HttpBodies.SetRetryAfter(httpContext.Response, retryAfter);
        }

        return HttpBodies.WriteJsonAsync(httpContext.Response, Status, new GatewayErrorEnvelope(false, Error), GatewayJson.Context.GatewayErrorEnvelope);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var status in DocumentedStatuses)
        {
            builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(GatewayErrorEnvelope), [HttpBodies.JsonContentType]));
        }
    }
}
