using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Metadata;

namespace OpenClaw.Gateway.Http;

/// <summary>
/// A JSON answer as the original writes it (<see cref="HttpBodies.WriteJsonAsync"/>: compact, source-generated, with
/// an explicit Content-Length); the OpenAPI document describes it as a <c>200</c> of <typeparamref name="T"/>.
/// </summary>
internal sealed class JsonBodyResult<T>(int statusCode, T value, JsonTypeInfo<T> typeInfo) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult
{
    public int? StatusCode => statusCode;

    public T Value => value;

    public Task ExecuteAsync(HttpContext httpContext) => HttpBodies.WriteJsonAsync(httpContext.Response, statusCode, value, typeInfo);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), [HttpBodies.JsonContentType]));
    }
}

/// <summary>Typed JSON answers: <c>JsonBody.Ok(value, GatewayJson.Context.X)</c>.</summary>
internal static class JsonBody
{
    public static JsonBodyResult<T> Ok<T>(T value, JsonTypeInfo<T> typeInfo) => new(StatusCodes.Status200OK, value, typeInfo);

    public static JsonBodyResult<T> Status<T>(int statusCode, T value, JsonTypeInfo<T> typeInfo) => new(statusCode, value, typeInfo);
}
