using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
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
            .WithGatewayRoute(api: true, enabled: s => s.Config.Gateway.Http.ChatCompletionsEnabled)
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
            });
        group.MapModelsEndpoints();
        group.MapResponsesEndpoint();
        return group;
    }

    private static async Task<Results<JsonBodyResult<ChatCompletionResponse>, SseStreamResult<ChatCompletionChunk>, OpenAiFailure, EmptyHttpResult>>
        CreateChatCompletionAsync(HttpContext context, [FromServices] ChatCompletionServices services)
    {
        var created = services.Time.GetUtcNow().ToUnixTimeSeconds();
        // The reservation lasts as long as the response: the run holds the text decoded from the body.
        var lease = services.Bodies.Open();
        context.Response.RegisterForDispose(lease);
        var (body, readFailure) = await RequestBodyReader.ReadAsync(context, MaxBodyBytes, services.Http.Value.BodyReadTimeout, lease);
        if (body is null)
        {
            return BodyFailure(readFailure);
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
            return OpenAiFailure.BadRequest(ex.Message);
        }

        using (document)
        {
            (chat, failure) = await ChatCompletionPreparation.PrepareAsync(
                context, document.RootElement, body.Memory, services.Config.Current, services.Environment, services.Tools, services.Images);
        }

        if (chat is null)
        {
            return failure!;
        }

        RequestLogFields.Record(context, chat.Run.AgentId, chat.Run.RunId, chat.Request.IsStreaming);

        if (chat.Request.IsStreaming)
        {
            // A stream sends its 200 first, so a full run queue is answered here, while a 503 is still possible; a run
            // refused in the moment between says so in-band.
            if (services.Runner.QueueFullError() is { } busy)
            {
                return RunErrorMapper.Map(busy);
            }

            var stream = new ChatCompletionStream(context, chat, created, services.StreamSettings(context.Request, chat.Run));
            return new SseStreamResult<ChatCompletionChunk>(() => stream.RunAsync(services.Runner));
        }

        var result = await services.Runner.RunAsync(chat.Run, context.RequestAborted);
        if (context.RequestAborted.IsCancellationRequested)
        {
            return TypedResults.Empty;
        }

        if (result.Error is { } error)
        {
            return RunErrorMapper.Map(error);
        }

        if (chat.Tools.Unmet(result.PendingToolCalls) is { } unmet)
        {
            return new OpenAiFailure(StatusCodes.Status502BadGateway, new OpenAiError(unmet, OpenAiErrorTypes.Api));
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
        return JsonBody.Ok(response, GatewayJson.Context.ChatCompletionResponse);
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

    /// <summary>A body that could not be read; the unread rest is not drained, so the connection closes after it.</summary>
    internal static OpenAiFailure BodyFailure(BodyReadFailure failure) => failure switch
    {
        BodyReadFailure.Busy => BodiesBusy with { CloseConnection = true },
        BodyReadFailure.TooLarge => new(413, new OpenAiError("Payload too large", OpenAiErrorTypes.InvalidRequest)) { CloseConnection = true },
        BodyReadFailure.Timeout => new(408, new OpenAiError("Request body timeout", OpenAiErrorTypes.InvalidRequest)) { CloseConnection = true },
        _ => OpenAiFailure.BadRequest("Connection closed"),
    };
}
