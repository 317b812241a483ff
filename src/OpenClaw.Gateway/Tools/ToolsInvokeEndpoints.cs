using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Prompt;
using OpenClaw.Core.Sessions;
using OpenClaw.Core.Tools;
using OpenClaw.Gateway.Auth;
using OpenClaw.Gateway.Hosting;
using OpenClaw.Gateway.Http;
using OpenClaw.Gateway.OpenAi;
using OpenClaw.Gateway.Sessions;

namespace OpenClaw.Gateway.Tools;

/// <summary>
/// <c>POST /tools/invoke</c> (http-api.md §8): runs one tool of an agent directly, without a model, in the agent's
/// workspace. No run, no transcript, no session entry. Method and auth were checked by the pipeline, the scope by the
/// route's policy.
/// </summary>
internal static partial class ToolsInvokeEndpoints
{
    public const string Path = "/tools/invoke";

    /// <summary>2 MiB (http-api.md §2.4).</summary>
    public const long MaxBodyBytes = 2L * 1024 * 1024;

    private const string CallIdPrefix = "http-direct-operator-";

    /// <summary>Any other error result or exception: the detail goes to the log only (http-api.md §8.5).</summary>
    private static readonly GatewayFailure ToolFailed = ToolError(StatusCodes.Status500InternalServerError, "tool execution failed");

    public static IEndpointRouteBuilder MapToolsInvoke(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(Path, InvokeAsync)
            .WithGatewayRoute(api: true)
            .RequireAuthorization(GatewayScopes.Write)
            .WithTags("Tools")
            .WithSummary("Invokes one tool of an agent directly (by default only read and ls) and returns its result.");
        return routes;
    }

    private static async Task<Results<JsonBodyResult<ToolInvokeResponse>, OpenAiFailure, GatewayFailure, EmptyHttpResult>> InvokeAsync(
        HttpContext context, IConfigSource config, IAgentToolCatalog catalog, WorkspaceManager workspaces, BodyBudget bodies,
        IOptions<GatewayHttpOptions> http, TimeProvider time, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(ToolsInvokeEndpoints).FullName!);
        ToolInvokeRequest request;
        using (var lease = bodies.Open())
        {
            var (body, readFailure) = await RequestBodyReader.ReadAsync(context, MaxBodyBytes, http.Value.BodyReadTimeout, lease);
            if (body is null)
            {
                return ChatCompletionsEndpoints.BodyFailure(readFailure);
            }

            using (body)
            {
                try
                {
                    using var document = ChatCompletionsEndpoints.ParseBody(body.Memory);
                    request = ToolInvokeRequest.From(document.RootElement);
                }
                catch (JsonException ex)
                {
                    return OpenAiFailure.BadRequest(ex.Message);
                }
            }
        }

        if (string.IsNullOrEmpty(request.Name))
        {
            return GatewayFailure.InvalidRequest("tools.invoke requires name");
        }

        var snapshot = config.Current;
        if (RequestedAgent.Resolve(snapshot, request.AgentId, request.SessionKey, out var target) is { } problem)
        {
            return GatewayFailure.InvalidRequest(problem);
        }

        var (agentId, sessionKey) = target;
        RequestLogFields.Record(context, agentId);

        if (SessionKeys.IsHarnessKey(sessionKey))
        {
            return GatewayFailure.InvalidRequest("Session key namespace is reserved for agent harness-owned sessions.");
        }

        var owner = GatewayScopes.IsOwner(context.User);
        var tool = HttpToolSurface.Find(catalog.For(snapshot.Config, agentId), request.Name, snapshot.Config.Gateway.Tools, owner, out var exclusion);
        if (tool is null)
        {
            Log.ToolNotAvailable(logger, request.Name, agentId, Describe(exclusion));
            return GatewayFailure.NotFound($"Tool not available: {request.Name}");
        }

        var callId = CallIdPrefix + (request.IdempotencyKey ?? time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        var workspace = snapshot.Agents.WorkspaceFor(agentId);
        var toolContext = new ToolContext(workspace, agentId, sessionKey, RunId: "", ModelAcceptsImages: true)
        {
            ToolCallId = callId,
            Origin = new ToolCallOrigin(
                Header(context, "x-openclaw-message-channel")?.ToLowerInvariant(),
                Header(context, "x-openclaw-account-id"),
                Header(context, "x-openclaw-message-to"),
                Header(context, "x-openclaw-thread-id"),
                owner),
        };

        ToolResult result;
        try
        {
            workspaces.Ensure(workspace, snapshot.Config.Agents.Defaults.SkipBootstrap);
            result = await tool.ExecuteAsync(request.ArgumentsFor(tool.ParametersSchema), toolContext, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client is gone: the tool was stopped (an exec process tree killed) and there is no one to answer.
            Log.ToolCancelled(logger, tool.Name, callId);
            return TypedResults.Empty;
        }
        catch (Exception ex)
        {
            Log.ToolCrashed(logger, ex, tool.Name, callId);
            return ToolFailed;
        }

        return Answer(result, tool.Name, callId, logger);
    }

    private static Results<JsonBodyResult<ToolInvokeResponse>, OpenAiFailure, GatewayFailure, EmptyHttpResult> Answer(
        ToolResult result, string toolName, string callId, ILogger logger)
    {
        if (!result.IsError)
        {
            return JsonBody.Ok(ToolInvokeResponse.From(result), GatewayJson.Context.ToolInvokeResponse);
        }

        switch (result.ErrorKind)
        {
            case ToolErrorKind.InvalidArguments:
                return ToolError(StatusCodes.Status400BadRequest, result.Text);
            case ToolErrorKind.OutsideWorkspace:
                return ToolError(StatusCodes.Status403Forbidden, result.Text);
            default:
                Log.ToolFailed(logger, toolName, callId, result.Text);
                return ToolFailed;
        }
    }

    private static string? Header(HttpContext context, string name) =>
        context.Request.Headers[name].FirstOrDefault()?.Trim() is { Length: > 0 } value ? value : null;

    private static GatewayFailure ToolError(int status, string message) => new(status, new GatewayError("tool_error", message));

    private static string Describe(ToolSurfaceExclusion exclusion) => exclusion switch
    {
        ToolSurfaceExclusion.UnknownTool => "unknown tool",
        ToolSurfaceExclusion.AgentPolicy => "removed by the agent's tool policy",
        ToolSurfaceExclusion.DefaultDeny => "on the default HTTP deny list (lift it with gateway.tools.allow)",
        ToolSurfaceExclusion.OwnerOnly => "owner-only and the caller is not the owner",
        ToolSurfaceExclusion.GatewayDeny => "denied by gateway.tools.deny",
        _ => exclusion.ToString(),
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 4701, EventName = "ToolNotAvailable", Level = LogLevel.Information,
            Message = "tools/invoke: tool {Tool} is not available for agent {AgentId}: {Reason}")]
        public static partial void ToolNotAvailable(ILogger logger, string tool, string agentId, string reason);

        [LoggerMessage(EventId = 4702, EventName = "ToolInvocationFailed", Level = LogLevel.Information,
            Message = "tools/invoke: {Tool} ({ToolCallId}) failed: {Detail}")]
        public static partial void ToolFailed(ILogger logger, string tool, string toolCallId, string detail);

        [LoggerMessage(EventId = 4703, EventName = "ToolInvocationCrashed", Level = LogLevel.Warning,
            Message = "tools/invoke: {Tool} ({ToolCallId}) threw")]
        public static partial void ToolCrashed(ILogger logger, Exception exception, string tool, string toolCallId);

        [LoggerMessage(EventId = 4704, EventName = "ToolInvocationCancelled", Level = LogLevel.Information,
            Message = "tools/invoke: {Tool} ({ToolCallId}) cancelled: the client disconnected")]
        public static partial void ToolCancelled(ILogger logger, string tool, string toolCallId);
    }
}
