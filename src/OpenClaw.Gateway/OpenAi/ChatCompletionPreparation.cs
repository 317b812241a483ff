using System.Text.Json;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Models;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Tools;
using OpenClaw.Gateway.Auth;
using OpenClaw.Gateway.Images;

namespace OpenClaw.Gateway.OpenAi;

/// <summary>A request that passed every check and is ready to run.</summary>
internal sealed record PreparedChat(ChatCompletionRequest Request, AgentRunRequest Run, string ResponseModel)
{
    /// <summary>The client tools and the <c>tool_choice</c> requirement the run's answer is checked against.</summary>
    public ClientToolSelection Tools { get; init; } = ClientToolSelection.None;
}

/// <summary>
/// Steps 6–17 of http-api.md §4.1 after the body is parsed: owner check for <c>x-openclaw-model</c>, schema and
/// parameters, agent and session, model override, prompt. Every failure happens before any run starts.
/// </summary>
internal static class ChatCompletionPreparation
{
    /// <remarks>
    /// <paramref name="body"/> is the memory <paramref name="root"/> was parsed from: the run's message points into it,
    /// so it must stay unchanged until the run has returned.
    /// </remarks>
    public static async Task<(PreparedChat? Chat, OpenAiFailure? Failure)> PrepareAsync(
        HttpContext context, JsonElement root, ReadOnlyMemory<byte> body, ConfigSnapshot snapshot, IProcessEnvironment environment, IAgentToolCatalog builtIns, ImageInputReader imageReader)
    {
        var (modelHeader, notOwner) = ModelOverrideHeader.Read(context);
        if (notOwner is not null)
        {
            return (null, notOwner);
        }

        var (request, schemaError) = ChatCompletionRequestParser.Parse(root);
        if (request is null)
        {
            return (null, OpenAiFailure.BadRequest(schemaError!));
        }

        var (target, targetError) = ChatTargetResolver.Resolve(context.Request.Headers, request.Model, request.User, snapshot, "openai");
        if (target is null)
        {
            return (null, OpenAiFailure.BadRequest(targetError!));
        }

        string? modelOverride = null;
        if (modelHeader.Length > 0)
        {
            if (CheckModelOverride(modelHeader, target.AgentId, snapshot.Config, environment) is { } overrideFailure)
            {
                return (null, overrideFailure);
            }

            modelOverride = modelHeader;
        }

        var (tools, toolsError) = ClientToolSelection.Parse(request.Tools, request.ToolChoice);
        if (tools is null)
        {
            return (null, OpenAiFailure.BadRequest("Invalid tools/tool_choice: " + toolsError));
        }

        if (tools.ShadowsBuiltIn(builtIns, snapshot.Config, target.AgentId))
        {
            return (null, OpenAiFailure.BadRequest("invalid tool configuration"));
        }

        // Step 16: the active turn's images (http-api.md §4.6).
        var images = ChatImageParts.ActiveTurnUrls(request.Messages) is { } urls
            ? await imageReader.ReadAsync(urls, snapshot.Config.Gateway.Http.ChatCompletionsImages, context.RequestAborted)
            : null;
        if (images is null)
        {
            return (null, OpenAiFailure.BadRequest(ChatImageParts.InvalidImage));
        }

        var (prompt, promptError) = PromptFlattener.Flatten(request.Messages, body);
        if (prompt is null)
        {
            return (null, OpenAiFailure.BadRequest(promptError!));
        }

        var run = new AgentRunRequest
        {
            RunId = "chatcmpl_" + Guid.NewGuid(),
            AgentId = target.AgentId,
            SessionKey = target.SessionKey,
            NewSessionKey = target.NewSessionKey,
            Message = prompt.Message,
            Images = images,
            ExtraSystemPrompt = JoinPrompt(prompt.ExtraSystemPrompt, tools.PromptSentence),
            ClientTools = tools.Offered,
            ModelOverride = modelOverride,
            StreamParams = StreamParamsOf(request),
            MessageChannel = target.MessageChannel,
            SenderIsOwner = GatewayScopes.IsOwner(context.User),
        };
        return (new PreparedChat(request, run, request.Model ?? "openclaw") { Tools = tools }, null);
    }

    /// <summary>System/developer texts, then the tool-choice sentence, joined with a blank line (http-api.md §4.10).</summary>
    private static string? JoinPrompt(string? extra, string? sentence) => (extra, sentence) switch
    {
        (null or "", null) => null,
        (null or "", { } only) => only,
        ({ } text, null) => text,
        ({ } text, { } added) => text + "\n\n" + added,
    };

    /// <summary>http-api.md §4.8: well-formed, allowed for the agent, and routable with credentials.</summary>
    internal static OpenAiFailure? CheckModelOverride(string value, string agentId, OpenClawConfig config, IProcessEnvironment environment)
    {
        if (!ModelResolver.TryNormalize(config, value, out var modelRef))
        {
            return OpenAiFailure.BadRequest("Invalid `x-openclaw-model`.");
        }

        if (!ModelResolver.IsAllowed(config, modelRef))
        {
            return OpenAiFailure.BadRequest($"Model '{modelRef}' is not allowed for agent '{agentId}'.");
        }

        var (_, error) = ModelResolver.ResolveRef(config, value, environment);
        return error switch
        {
            null => null,
            { IsAuth: true } => new OpenAiFailure(401, new OpenAiError(error.Message, OpenAiErrorTypes.Authentication)),
            _ => OpenAiFailure.BadRequest("Invalid `x-openclaw-model`."),
        };
    }

    private static StreamParams StreamParamsOf(ChatCompletionRequest request) => new()
    {
        MaxTokens = (request.MaxCompletionTokens ?? request.MaxTokens) is { } cap ? (int)Math.Min(cap, int.MaxValue) : null,
        Temperature = request.Temperature,
        TopP = request.TopP,
        FrequencyPenalty = request.FrequencyPenalty,
        PresencePenalty = request.PresencePenalty,
        Seed = request.Seed,
        Stop = request.Stop,
        ResponseFormat = request.ResponseFormat,
    };
}
