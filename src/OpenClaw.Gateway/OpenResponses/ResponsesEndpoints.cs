using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OpenClaw.Gateway.Auth;
using OpenClaw.Gateway.Http;
using OpenClaw.Gateway.OpenAi;

namespace OpenClaw.Gateway.OpenResponses;

/// <summary><c>POST /v1/responses</c> (http-api.md §6): validate everything, then one agent run on the shared pipeline.</summary>
internal static class ResponsesEndpoints
{
    public static RouteGroupBuilder MapResponsesEndpoint(this RouteGroupBuilder group)
    {
        group.MapPost("/responses", CreateResponseAsync)
            .WithGatewayRoute(api: true, enabled: s => s.Config.Gateway.Http.ResponsesEnabled)
            .RequireAuthorization(GatewayScopes.Write)
            .WithName("CreateResponse")
            .WithSummary("OpenResponses-compatible response that runs one agent turn (streaming with \"stream\": true).")
            // A run that fails after validation is answered with a failed response object, not the error envelope.
            .Produces<ResponseObject>(StatusCodes.Status500InternalServerError)
            .Produces<ResponseObject>(StatusCodes.Status502BadGateway);
        return group;
    }

    private static async Task<Results<JsonBodyResult<ResponseObject>, SseStreamResult<ResponseLifecycleEvent>, OpenAiFailure, EmptyHttpResult>>
        CreateResponseAsync(HttpContext context, [FromServices] ResponsesServices services)
    {
        var shared = services.Shared;
        var lease = shared.Bodies.Open();
        context.Response.RegisterForDispose(lease);
        // 20 MiB by default, raised to twice the largest file or image allowed (http-api.md §6.1 #5).
        var maxBodyBytes = shared.Config.Current.Config.Gateway.Http.Responses.MaxBodyBytes;
        var (body, readFailure) = await RequestBodyReader.ReadAsync(context, maxBodyBytes, shared.Http.Value.BodyReadTimeout, lease);
        if (body is null)
        {
            return ChatCompletionsEndpoints.BodyFailure(readFailure);
        }

        // The run's message points into the body: it is released with the response, once the run has returned.
        context.Response.RegisterForDispose(body);
        PreparedResponse? prepared;
        OpenAiFailure? failure;
        JsonDocument document;
        try
        {
            document = ChatCompletionsEndpoints.ParseBody(body.Memory);
        }
        catch (JsonException ex)
        {
            return OpenAiFailure.BadRequest(ex.Message);
        }

        using (document)
        {
            (prepared, failure) = await ResponsesPreparation.PrepareAsync(context, document.RootElement, body.Memory, services);
        }

        if (prepared is null)
        {
            return failure!;
        }

        RequestLogFields.Record(context, prepared.Run.AgentId, prepared.Run.RunId, prepared.Request.Stream);

        if (prepared.ModelAuthFailure is { } authFailure)
        {
            // Plain JSON in both modes: the failure is known before a stream would start.
            await services.Previous.RecordAsync(prepared.Run.RunId, prepared.Run.SessionKey!, prepared.Scope, context.RequestAborted);
            return Answer(authFailure.Status, ResponseOutcomes.Failed(prepared, authFailure));
        }

        if (prepared.Request.Stream)
        {
            if (shared.Runner.QueueFullError() is { } busy)
            {
                return RunErrorMapper.Map(busy);
            }

            var stream = new ResponsesStream(context, prepared, services.Previous, shared.StreamSettings(context.Request, prepared.Run));
            return new SseStreamResult<ResponseLifecycleEvent>(() => stream.RunAsync(shared.Runner));
        }

        if (prepared.ToolClash)
        {
            // Not remembered for previous_response_id (§6.6).
            return Answer(ResponseOutcomes.ToolClash.Status, ResponseOutcomes.Failed(prepared, ResponseOutcomes.ToolClash));
        }

        var result = await shared.Runner.RunAsync(prepared.Run, context.RequestAborted);
        if (context.RequestAborted.IsCancellationRequested)
        {
            return TypedResults.Empty;
        }

        await services.Previous.RecordAsync(prepared.Run.RunId, prepared.Run.SessionKey!, prepared.Scope, context.RequestAborted);
        if (ResponseOutcomes.FailureOf(prepared, result, streaming: false) is { } runFailure)
        {
            if (runFailure.RetryAfter is { } retryAfter)
            {
                HttpBodies.SetRetryAfter(context.Response, retryAfter);
            }

            return Answer(runFailure.Status, ResponseOutcomes.Failed(prepared, runFailure));
        }

        var text = ResponseOutcomes.TextOf(result);
        var output = new List<object>(result.PendingToolCalls.Count + 1);
        if (result.PendingToolCalls.Count == 0 || text.Length > 0)
        {
            output.Add(ResponseOutcomes.Message(prepared, text, result));
        }

        output.AddRange(result.PendingToolCalls.Select(ResponseOutcomes.FunctionCall));
        return Answer(StatusCodes.Status200OK, ResponseOutcomes.Completed(prepared, output, result));
    }

    private static JsonBodyResult<ResponseObject> Answer(int status, ResponseObject body) => JsonBody.Status(status, body, GatewayJson.Context.ResponseObject);
}
