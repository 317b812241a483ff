using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using OpenClaw.Core.Models;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Providers.OpenAi;
using OpenClaw.Core.Telemetry;

namespace OpenClaw.Core.Runs.Invocation;

/// <summary>
/// Streams one call of one model: normalized assistant deltas go out as they arrive (waiting for the requester's room,
/// which is what stops the upstream while it lags), usage and tool calls are collected, and every failure becomes an
/// outcome (a provider failure, a cancellation, or an adapter bug), never an exception.
/// </summary>
internal sealed class ModelStreamCall(ChatClientFactory clients, RunEventPublisher publisher, TimeProvider time, RunMetrics metrics, ILogger logger) : IModelCall
{
    public async Task<ModelCallOutcome> CallAsync(
        RunState run, ResolvedModel model, List<ChatMessage> messages, int messageIndex, CancellationToken cancellationToken)
    {
        var accumulator = new AssistantTextAccumulator();
        AssistantDelta? lastEvent = null;
        var stopReason = "stop";
        RunUsage? usage = null;
        List<FunctionCallContent>? toolCalls = null;
        ProviderException? failure = null;
        var cancelled = false;
        var flowControl = run.Request.Events as IAgentEventFlowControl;
        var clientPaused = false;
        var callStarted = time.GetTimestamp();
        using var activity = RunTracing.StartModelCall(model);
        try
        {
            var client = clients.Create(model);
            var options = BuildOptions(run.Request.StreamParams, model, messages);
            if (run.OfferedTools is { Count: > 0 } tools)
            {
                options.Tools = tools;
                options.ToolMode = ChatToolMode.Auto;
            }

            if (model.Definition.Reasoning && run.Thinking != "off")
            {
                (options.AdditionalProperties ??= [])[ProviderThinking.Key] = run.Thinking;
            }

            await foreach (var update in client.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
            {
                foreach (var content in update.Contents)
                {
                    switch (content)
                    {
                        case TextContent { Text: { Length: > 0 } text }:
                            if (accumulator.Append(text) is { } delta)
                            {
                                lastEvent = new AssistantDelta(delta, messageIndex, lastEvent);
                                FirstTokenSeen(run, model);
                                publisher.Publish(run, run.Session!.SessionId, lastEvent);

                                // Not pulling the next update is what stops the upstream while the requester lags.
                                if (flowControl is not null && flowControl.WaitForRoomAsync(cancellationToken) is { IsCompletedSuccessfully: false } wait)
                                {
                                    clientPaused = true;
                                    await wait.ConfigureAwait(false);
                                }
                            }

                            break;
                        case TextReasoningContent { Text: { Length: > 0 } reasoning } when run.Request.Events is not null:
                            publisher.PublishReasoning(run, new ReasoningDelta(reasoning, messageIndex));
                            if (flowControl is not null && flowControl.WaitForRoomAsync(cancellationToken) is { IsCompletedSuccessfully: false } room)
                            {
                                clientPaused = true;
                                await room.ConfigureAwait(false);
                            }

                            break;
                        case UsageContent { Details: { } details }:
                            usage = ToRunUsage(details);
                            break;
                        case FunctionCallContent call:
                            (toolCalls ??= []).Add(call);
                            break;
                    }
                }

                if (update.FinishReason is { } finish)
                {
                    stopReason = finish == ChatFinishReason.Length ? "length" : finish == ChatFinishReason.ToolCalls ? "toolUse" : "stop";
                }
            }
        }
        catch (ProviderException ex)
        {
            if (ex.UnstructuredBody is { } body)
            {
                RunLog.UnstructuredUpstreamError(logger, run.Request.RunId, model.Ref.ToString(), ex.Status ?? 0, body);
            }

            failure = ex;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            cancelled = true;
        }
        catch (Exception ex)
        {
            // An adapter bug must still end the run with a persisted turn and one terminal event.
            RunLog.ModelCallCrashed(logger, ex, run.Request.RunId);
            failure = new ProviderException(RunErrorReasons.Internal, "internal error", innerException: ex);
        }

        if (usage is not null)
        {
            run.Usage = run.Usage.Add(usage);
            run.LastCallUsage = usage;
        }

        var took = time.GetElapsedTime(callStarted);
        run.Timing.ProviderTime += took;
        metrics.ModelCall(run.AgentId, model, took, failure?.Reason, usage);
        RunTracing.ModelCallFinished(activity, cancelled ? "aborted" : failure is null ? stopReason : "error", usage, failure?.Reason, failure?.Message);

        var (payload, lastDelta) = accumulator.Complete();
        if (failure is null && !cancelled)
        {
            if (lastDelta is not null)
            {
                FirstTokenSeen(run, model);
                publisher.Publish(run, run.Session!.SessionId, new AssistantDelta(lastDelta, messageIndex, lastEvent));
            }

            if (payload is { Length: > 0 })
            {
                run.Payloads.Add(payload);
            }
        }

        return new ModelCallOutcome(payload ?? "", stopReason, usage, failure, cancelled, lastEvent is not null, toolCalls ?? []) { ClientPaused = clientPaused };
    }

    /// <summary>Records the run's time to first token at its first visible delta.</summary>
    private void FirstTokenSeen(RunState run, ResolvedModel model)
    {
        if (!run.Timing.FirstTokenSeen)
        {
            run.Timing.FirstTokenSeen = true;
            metrics.FirstToken(run.AgentId, model, time.GetElapsedTime(run.Timing.StartedTimestamp));
        }
    }

    private static ChatOptions BuildOptions(StreamParams streamParams, ResolvedModel model, List<ChatMessage> messages)
    {
        var options = new ChatOptions
        {
            ModelId = model.Ref.Model,
            Temperature = (float?)(streamParams.Temperature ?? Param(model, "temperature")),
            TopP = (float?)(streamParams.TopP ?? Param(model, "top_p") ?? Param(model, "topP")),
            FrequencyPenalty = (float?)streamParams.FrequencyPenalty,
            PresencePenalty = (float?)streamParams.PresencePenalty,
            Seed = streamParams.Seed,
            StopSequences = streamParams.Stop?.ToList(),
            MaxOutputTokens = MaxOutputTokens(streamParams, model, messages),
        };
        if (streamParams.ResponseFormat is { } format)
        {
            options.AdditionalProperties = new AdditionalPropertiesDictionary { [OpenAiRequestWriter.ResponseFormatKey] = format };
        }

        return options;
    }

    /// <summary>The run's cap, else the model's, clamped to what fits in the context window (at least 1).</summary>
    private static int MaxOutputTokens(StreamParams streamParams, ResolvedModel model, List<ChatMessage> messages)
    {
        var cap = streamParams.MaxTokens ?? model.Definition.MaxTokens;
        var room = model.Definition.ContextWindow - PromptEstimate.Tokens(PromptEstimate.Chars(messages));
        return (int)Math.Max(1, Math.Min(cap, room));
    }

    private static double? Param(ResolvedModel model, string name) =>
        model.Params?[name] is System.Text.Json.Nodes.JsonValue value && value.GetValueKind() == JsonValueKind.Number
            ? value.GetValue<double>()
            : null;

    private static RunUsage ToRunUsage(UsageDetails details)
    {
        var cached = Math.Max(0, details.CachedInputTokenCount ?? 0);
        var input = Math.Max(0, (details.InputTokenCount ?? 0) - cached);
        var output = Math.Max(0, details.OutputTokenCount ?? 0);
        var cacheWrite = details.AdditionalCounts?.TryGetValue("cacheWrite", out var written) == true ? written : 0;
        return new RunUsage(input, output, cached, cacheWrite, details.TotalTokenCount ?? input + cached + output, details.ReasoningTokenCount);
    }
}
