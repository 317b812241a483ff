using System.Text.Json;
using OpenClaw.Core.Runs;
using OpenClaw.Gateway.Auth;
using OpenClaw.Gateway.OpenAi;

namespace OpenClaw.Gateway.OpenResponses;

/// <summary>
/// A Responses request that passed every check and is ready to run. <c>Scope</c> says who may continue it with
/// <c>previous_response_id</c>; <c>CreatedAt</c> is the Unix seconds taken once when the response id was minted.
/// </summary>
internal sealed record PreparedResponse(ResponsesRequest Request, AgentRunRequest Run, ClientToolSelection Tools, ResponseScope Scope, long CreatedAt)
{
    /// <summary>A client tool shadows one of the agent's built-ins: the answer is a failed response, no run starts (§6.6).</summary>
    public bool ToolClash { get; init; }

    /// <summary><c>x-openclaw-model</c> names a provider without credentials: a 401 failed response, no run.</summary>
    public ResponseFailure? ModelAuthFailure { get; init; }

    public string MessageId { get; } = "msg_" + Guid.NewGuid();
}

/// <summary>
/// Steps 6–15 of http-api.md §6.1 after the body is parsed, in the original's order: the owner check for
/// <c>x-openclaw-model</c>, the strict schema, agent and session, model override, media, tools,
/// <c>previous_response_id</c>, and last the empty-prompt check. Every failure happens before any run starts; the
/// request preparation is chat completions' own (agent and session resolution, model override, prompt assembly).
/// </summary>
internal static partial class ResponsesPreparation
{
    public static async Task<(PreparedResponse? Response, OpenAiFailure? Failure)> PrepareAsync(
        HttpContext context, JsonElement root, ReadOnlyMemory<byte> body, ResponsesServices services)
    {
        var snapshot = services.Shared.Config.Current;
        var (modelHeader, notOwner) = ModelOverrideHeader.Read(context);
        if (notOwner is not null)
        {
            return (null, notOwner);
        }

        var (request, schemaError) = ResponsesRequestValidator.Validate(root);
        if (request is null)
        {
            return (null, OpenAiFailure.BadRequest(schemaError!));
        }

        // Unlike chat, the syntax of `model` is checked before any agent header (http-api.md §6.8).
        if (ChatTargetResolver.AgentFromModel(request.Model).Error is { } modelError)
        {
            return (null, OpenAiFailure.BadRequest(modelError));
        }

        var (target, targetError) = ChatTargetResolver.Resolve(
            context.Request.Headers, request.Model, request.User, snapshot, "openresponses", deferReservedKey: true);
        if (target is null)
        {
            return (null, OpenAiFailure.BadRequest(targetError!));
        }

        // A provider without credentials fails the run in the original, after every other check: here it is found
        // now and answered as that failed response, in both modes, without a run (http-api.md §6.11 [extension]).
        ResponseFailure? modelAuthFailure = null;
        if (modelHeader.Length > 0
            && ChatCompletionPreparation.CheckModelOverride(modelHeader, target.AgentId, snapshot.Config, services.Shared.Environment) is { } overrideFailure)
        {
            if (overrideFailure.Status != StatusCodes.Status401Unauthorized)
            {
                return (null, overrideFailure);
            }

            modelAuthFailure = new ResponseFailure(overrideFailure.Status, new ResponseError(overrideFailure.Error.Type, overrideFailure.Error.Message), ResponseUsage.Zero);
        }

        var prompt = ResponsesInput.Build(request.Input, body);
        var media = await services.ReadMediaAsync(prompt, snapshot, context.RequestAborted);
        if (media is null)
        {
            return (null, OpenAiFailure.BadRequest("invalid request"));
        }

        var (tools, toolsReason) = ResponsesTools.Select(request);
        if (tools is null)
        {
            Log.InvalidTools(services.Logger, toolsReason!);
            return (null, OpenAiFailure.BadRequest(ResponsesTools.InvalidToolConfiguration));
        }

        if (target.ReservedKey)
        {
            return (null, OpenAiFailure.BadRequest(ChatTargetResolver.ReservedKeyMessage));
        }

        var requestedKey = context.Request.Headers["x-openclaw-session-key"].ToString().Trim() is { Length: > 0 } header ? header : null;
        var scope = new ResponseScope(ResponseScope.AuthSubjectOf(context.Request, services.AuthMode), target.AgentId, requestedKey);
        var continued = await services.Previous.FindSessionKeyAsync(request.PreviousResponseId, scope, context.RequestAborted);
        if (prompt.Message.IsEmpty)
        {
            return (null, OpenAiFailure.BadRequest(ResponsesInput.MissingUserMessage));
        }

        var run = new AgentRunRequest
        {
            RunId = "resp_" + Guid.NewGuid(),
            AgentId = target.AgentId,
            SessionKey = continued ?? target.SessionKey,
            NewSessionKey = continued is null && target.NewSessionKey,
            Message = prompt.Message,
            Images = media.Images,
            ExtraSystemPrompt = Join([request.Instructions, prompt.SystemText, tools.PromptSentence, .. media.FileBlocks]),
            ClientTools = tools.Offered,
            ModelOverride = modelHeader.Length > 0 ? modelHeader : null,
            StreamParams = new StreamParams
            {
                MaxTokens = request.MaxOutputTokens is { } cap ? (int)Math.Min(cap, int.MaxValue) : null,
                Temperature = request.Temperature,
                TopP = request.TopP,
            },
            MessageChannel = target.MessageChannel,
            SenderIsOwner = GatewayScopes.IsOwner(context.User),
        };
        var created = services.Shared.Time.GetUtcNow().ToUnixTimeSeconds();
        return (new PreparedResponse(request, run, tools, scope, created)
        {
            ToolClash = tools.ShadowsBuiltIn(services.Shared.Tools, snapshot.Config, target.AgentId),
            ModelAuthFailure = modelAuthFailure,
        }, null);
    }

    /// <summary>The non-empty parts joined with a blank line; null when there are none (http-api.md §6.4).</summary>
    private static string? Join(IEnumerable<string?> parts)
    {
        var present = parts.Where(p => !string.IsNullOrEmpty(p)).ToList();
        return present.Count > 0 ? string.Join("\n\n", present) : null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4503, EventName = "ResponsesInvalidTools", Level = LogLevel.Information,
            Message = "openresponses: invalid tool configuration: {Reason}")]
        public static partial void InvalidTools(ILogger logger, string reason);
    }
}
