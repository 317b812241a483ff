using System.Text.Json;
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
            .RequireAuthorization(GatewayScopes.Write)
            .WithName("CreateResponse")
            .WithSummary("OpenResponses-compatible response that runs one agent turn (streaming with \"stream\": true).")
            .Produces<ResponseObject>(StatusCodes.Status200OK)
            .Produces<ResponseLifecycleEvent>(StatusCodes.Status200OK, "text/event-stream")
            .Produces<OpenAiErrorEnvelope>(StatusCodes.Status400BadRequest)
            .Produces<OpenAiErrorEnvelope>(StatusCodes.Status401Unauthorized)
            .Produces<OpenAiErrorEnvelope>(StatusCodes.Status408RequestTimeout)
            .Produces<OpenAiErrorEnvelope>(StatusCodes.Status413PayloadTooLarge)
            .Produces<OpenAiErrorEnvelope>(StatusCodes.Status429TooManyRequests)
            .Produces<ResponseObject>(StatusCodes.Status500InternalServerError)
            .Produces<ResponseObject>(StatusCodes.Status502BadGateway)
            .Produces<OpenAiErrorEnvelope>(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    private static async Task CreateResponseAsync(HttpContext context, [FromServices] ResponsesServices services)
    {
        var shared = services.Shared;
        var lease = shared.Bodies.Open();
        context.Response.RegisterForDispose(lease);
        // 20 MiB by default, raised to twice the largest file or image allowed (http-api.md §6.1 #5).
        var maxBodyBytes = shared.Config.Current.Config.Gateway.Http.Responses.MaxBodyBytes;
        var (body, readFailure) = await RequestBodyReader.ReadAsync(context, maxBodyBytes, shared.Http.Value.BodyReadTimeout, lease);
        if (body is null)
        {
            await ChatCompletionsEndpoints.WriteBodyFailureAsync(context.Response, readFailure);
            return;
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
            await ChatCompletionsEndpoints.WriteFailureAsync(context.Response, OpenAiFailure.BadRequest(ex.Message));
            return;
        }

        using (document)
        {
            (prepared, failure) = await ResponsesPreparation.PrepareAsync(context, document.RootElement, body.Memory, services);
        }

        if (prepared is null)
        {
            await ChatCompletionsEndpoints.WriteFailureAsync(context.Response, failure!);
            return;
        }

        RequestLogFields.Record(context, prepared.Run.AgentId, prepared.Run.RunId, prepared.Request.Stream);

        if (prepared.ModelAuthFailure is { } authFailure)
        {
            // Plain JSON in both modes: the failure is known before a stream would start.
            await services.Previous.RecordAsync(prepared.Run.RunId, prepared.Run.SessionKey!, prepared.Scope, context.RequestAborted);
            await WriteAsync(context.Response, authFailure.Status, ResponseOutcomes.Failed(prepared, authFailure));
            return;
        }

        if (prepared.Request.Stream)
        {
            if (shared.Runner.QueueFullError() is { } busy)
            {
                await ChatCompletionsEndpoints.WriteFailureAsync(context.Response, RunErrorMapper.Map(busy));
                return;
            }

            await new ResponsesStream(context, prepared, services.Previous, shared.StreamSettings(context.Request, prepared.Run)).RunAsync(shared.Runner);
            return;
        }

        if (prepared.ToolClash)
        {
            // Not remembered for previous_response_id (§6.6).
            await WriteAsync(context.Response, ResponseOutcomes.ToolClash.Status, ResponseOutcomes.Failed(prepared, ResponseOutcomes.ToolClash));
            return;
        }

        var result = await shared.Runner.RunAsync(prepared.Run, context.RequestAborted);
        if (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        await services.Previous.RecordAsync(prepared.Run.RunId, prepared.Run.SessionKey!, prepared.Scope, context.RequestAborted);
        if (ResponseOutcomes.FailureOf(prepared, result, streaming: false) is { } runFailure)
        {
            if (runFailure.RetryAfter is { } retryAfter)
            {
                HttpBodies.SetRetryAfter(context.Response, retryAfter);
            }

            await WriteAsync(context.Response, runFailure.Status, ResponseOutcomes.Failed(prepared, runFailure));
            return;
        }

        var text = ResponseOutcomes.TextOf(result);
        var output = new List<object>(result.PendingToolCalls.Count + 1);
        if (result.PendingToolCalls.Count == 0 || text.Length > 0)
        {
            output.Add(ResponseOutcomes.Message(prepared, text, result));
        }

        output.AddRange(result.PendingToolCalls.Select(ResponseOutcomes.FunctionCall));
        await WriteAsync(context.Response, StatusCodes.Status200OK, ResponseOutcomes.Completed(prepared, output, result));
    }

    private static Task WriteAsync(HttpResponse response, int status, ResponseObject body) =>
        HttpBodies.WriteJsonAsync(response, status, body, GatewayJson.Context.ResponseObject);
}
