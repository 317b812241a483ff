using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace OpenClaw.Gateway.Http;

/// <summary>
/// A run streamed as server-sent events by its own writer (<see cref="SseResponse"/>: frames written straight into
/// the response's pipe, no copy); the OpenAPI document describes it as a <c>200</c> <c>text/event-stream</c> of
/// <typeparamref name="TEvent"/>.
/// </summary>
internal sealed class SseStreamResult<TEvent>(Func<Task> stream) : IResult, IEndpointMetadataProvider
{
    public Task ExecuteAsync(HttpContext httpContext) => stream();

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(TEvent), ["text/event-stream"]));
    }
}
