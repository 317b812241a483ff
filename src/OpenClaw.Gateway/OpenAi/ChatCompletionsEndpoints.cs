using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using OpenClaw.Gateway.Auth;
using OpenClaw.Gateway.Http;
using OpenClaw.Gateway.OpenResponses;

namespace OpenClaw.Gateway.OpenAi;

/// <summary><c>POST /v1/chat/completions</c> (http-api.md §4): validate everything, then one agent run.</summary>
internal static class ChatCompletionsEndpoints
{
    /// <summary>20 MiB (http-api.md §2.4).</summary>
    public const long MaxBodyBytes = 20L * 1024 * 1024;

    private static readonly OpenAiFailure BodiesBusy = new(
        StatusCodes.Status503ServiceUnavailable,
        new OpenAiError("Gateway is busy: too many large request bodies in flight; retry later", OpenAiErrorTypes.ServiceUnavailable, "request_bodies_busy"),
        TimeSpan.FromSeconds(1));

    public static RouteGroupBuilder MapOpenAiEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1").WithTags("OpenAI");
        group.MapPost("/chat/completions", CreateChatCompletionAsync)
            .RequireAuthorization(GatewayScopes.Write)
            .WithName("CreateChatCompletion")
            .WithSummary("OpenAI-compatible chat completion that runs one agent turn (streaming with \"stream\": true).")
            // Documented here rather than with Accepts<T>(): that would make routing enforce a Content-Type,
            // and the original parses any body as JSON (http-api.md §2.4).
            .AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
            {
                var schema = await context.GetOrCreateSchemaAsync(typeof(ChatCompletionRequest), null, cancellationToken);
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
                };
            })
            .Produces<ChatCompletionResponse>(StatusCodes.Status200OK)
            .Produces<ChatCompletionChunk>(StatusCodes.Status200OK, "text/event-stream")
            .Produces<OpenAiErrorEnvelope>(StatusCodes.Status400BadRequest)
            .Produces<OpenAiErrorEnvelope>(StatusCodes.Status401Unauthorized)
            .Produces<OpenAiErrorEnvelope>(StatusCodes.Status408RequestTimeout)
            .Produces<OpenAiErrorEnvelope>(StatusCodes.Status413PayloadTooLarge)
            .Produces<OpenAiErrorEnvelope>(StatusCodes.Status429TooManyRequests)
            .Produces<OpenAiErrorEnvelope>(StatusCodes.Status500InternalServerError)
            .Produces<OpenAiErrorEnvelope>(StatusCodes.Status502BadGateway)
            .Produces<OpenAiErrorEnvelope>(StatusCodes.Status503ServiceUnavailable);
        group.MapModelsEndpoints();
        group.MapResponsesEndpoint();
        return group;
    }

    private static async Task CreateChatCompletionAsync(HttpContext context, [FromServices] ChatCompletionServices services)
    {
        var created = services.Time.GetUtcNow().ToUnixTimeSeconds();
        // The reservation lasts as long as the response: the run holds the text decoded from the body.
        var lease = services.Bodies.Open();
        context.Response.RegisterForDispose(lease);
        var (body, readFailure) = await RequestBodyReader.ReadAsync(context, MaxBodyBytes, services.Http.Value.BodyReadTimeout, lease);
        if (body is null)
        {
            await WriteBodyFailureAsync(context.Response, readFailure);
            return;
        }

        // The run's message points into the body (no copy of a large prompt): the body is released with the response,
        // once the run has returned (both the JSON and the SSE paths wait for it).
        context.Response.RegisterForDispose(body);
        PreparedChat? chat;
        OpenAiFailure? failure;
        JsonDocument document;
        try
        {
            document = ParseBody(body.Memory);
        }
        catch (JsonException ex)
        {
            await WriteFailureAsync(context.Response, OpenAiFailure.BadRequest(ex.Message));
            return;
        }

        using (document)
        {
            (chat, failure) = await ChatCompletionPreparation.PrepareAsync(
                context, document.RootElement, body.Memory, services.Config.Current, services.Environment, services.Tools, services.Images);
        }

        if (chat is null)
        {
            await WriteFailureAsync(context.Response, failure!);
            return;
        }

        RequestLogFields.Record(context, chat.Run.AgentId, chat.Run.RunId, chat.Request.IsStreaming);

        if (chat.Request.IsStreaming)
        {
            // A stream sends its 200 first, so a full run queue is answered here, while a 503 is still possible; a run
            // refused in the moment between says so in-band.
            if (services.Runner.QueueFullError() is { } busy)
            {
                await WriteFailureAsync(context.Response, RunErrorMapper.Map(busy));
                return;
            }

            await new ChatCompletionStream(context, chat, created, services.StreamSettings(context.Request, chat.Run)).RunAsync(services.Runner);
            return;
        }

        var result = await services.Runner.RunAsync(chat.Run, context.RequestAborted);
        if (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        if (result.Error is { } error)
        {
            await WriteFailureAsync(context.Response, RunErrorMapper.Map(error));
            return;
        }

        if (chat.Tools.Unmet(result.PendingToolCalls) is { } unmet)
        {
            await WriteFailureAsync(context.Response, new OpenAiFailure(StatusCodes.Status502BadGateway, new OpenAiError(unmet, OpenAiErrorTypes.Api)));
            return;
        }

        var content = ChatCompletionText.Of(result);
        var toolCalls = result.PendingToolCalls.Count == 0
            ? null
            : result.PendingToolCalls.Select(c => new ResponseToolCall(c.Id, new ResponseFunction(c.Name, c.ArgumentsJson))).ToList();
        var response = new ChatCompletionResponse(
            chat.Run.RunId,
            created,
            chat.ResponseModel,
            [new ChatCompletionChoice(0, new ChatCompletionMessage("assistant", content, toolCalls), ChatCompletionText.FinishReason(result))],
            UsageMapper.Map(result));
        await HttpBodies.WriteJsonAsync(context.Response, StatusCodes.Status200OK, response, GatewayJson.Context.ChatCompletionResponse);
    }

    /// <summary>UTF-8 (a byte-order mark is dropped), trimmed; an empty body is <c>{}</c> (http-api.md §2.4 step 5).</summary>
    internal static JsonDocument ParseBody(ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        var start = span.StartsWith("\uFEFF"u8) ? 3 : 0;
        var end = span.Length;
        while (start < end && IsJsonWhitespace(span[start]))
        {
            start++;
        }

        while (end > start && IsJsonWhitespace(span[end - 1]))
        {
            end--;
        }

        return start == end ? JsonDocument.Parse("{}") : JsonDocument.Parse(body[start..end]);
    }

    private static bool IsJsonWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    internal static Task WriteBodyFailureAsync(HttpResponse response, BodyReadFailure failure)
    {
        // The unread rest of the body is not drained: the connection cannot carry another request.
        if (failure is BodyReadFailure.TooLarge or BodyReadFailure.Timeout or BodyReadFailure.Busy)
        {
            response.Headers.Connection = "close";
        }

        return failure switch
        {
            BodyReadFailure.Busy => WriteFailureAsync(response, BodiesBusy),
            BodyReadFailure.TooLarge => WriteFailureAsync(response, new OpenAiFailure(413, new OpenAiError("Payload too large", OpenAiErrorTypes.InvalidRequest))),
            BodyReadFailure.Timeout => WriteFailureAsync(response, new OpenAiFailure(408, new OpenAiError("Request body timeout", OpenAiErrorTypes.InvalidRequest))),
            _ => WriteFailureAsync(response, OpenAiFailure.BadRequest("Connection closed")),
        };
    }

    public static Task WriteFailureAsync(HttpResponse response, OpenAiFailure failure)
    {
        if (failure.RetryAfter is { } retryAfter)
        {
            HttpBodies.SetRetryAfter(response, retryAfter);
        }

        return HttpBodies.WriteJsonAsync(response, failure.Status, new OpenAiErrorEnvelope(failure.Error), GatewayJson.Context.OpenAiErrorEnvelope);
    }
}
