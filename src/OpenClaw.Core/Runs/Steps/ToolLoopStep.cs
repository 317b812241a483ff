using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using OpenClaw.Core.Models;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Runs.Invocation;
using OpenClaw.Core.Telemetry;
using OpenClaw.Core.Tools;

namespace OpenClaw.Core.Runs.Steps;

/// <summary>
/// The tool loop (agent-runtime.md §5.7): call the model through the <see cref="IModelInvoker"/>; run the built-in
/// tools it calls and feed their results back, until an answer without calls, a call of a client tool (the run then
/// ends pending), a failure, or the loop limit. Leaves the last call's outcome and its model on the run.
/// </summary>
internal sealed class ToolLoopStep(IModelInvoker invoker, RunEventPublisher publisher, TimeProvider time, RunMetrics metrics, ILogger logger) : IRunStep
{
    /// <summary>DECISION (agent-runtime.md §5.7): at most this many model calls per run.</summary>
    internal const int MaxModelCalls = 64;

    internal const string PendingClientResult = "Pending: this tool is executed by the client.";

    internal const string LoopLimitMessage = "tool loop limit reached";

    internal const string ToolImagesText = "Attached image(s) from tool result:";

    internal const string AbortedToolResult = "Tool call aborted";

    public async ValueTask<AgentRunResult?> ExecuteAsync(RunState run, CancellationToken cancellationToken)
    {
        (run.Outcome, run.AnsweredBy) = await LoopAsync(run, run.Model!, run.BuiltIns, run.Messages, run.SessionId, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async Task<(ModelCallOutcome Outcome, ResolvedModel Model)> LoopAsync(
        RunState run, ResolvedModel model, IReadOnlyList<IAgentTool> builtIns, List<ChatMessage> messages, string sessionId, CancellationToken cancellationToken)
    {
        run.OfferedTools = Declarations(builtIns, run.Request.ClientTools);
        for (var calls = 1; ; calls++)
        {
            var (outcome, answeredBy) = await invoker.InvokeAsync(run, model, messages, cancellationToken).ConfigureAwait(false);
            model = answeredBy;
            if (outcome.Failure is not null || outcome.Cancelled || outcome.ToolCalls.Count == 0)
            {
                return (outcome, model);
            }

            // No tool runs for a turn the store has not taken: the turn persister reports the refusal.
            await run.TurnStarted.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!run.TurnStarted.IsCompletedSuccessfully)
            {
                return (outcome with { Cancelled = true }, model);
            }

            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            run.LoopEntries.Add(run.AppendEntry((seq, id) => TranscriptFormat.AssistantMessage(
                sessionId, seq, id, run.LastEntryId, now, outcome.Text, model.Api, model.Ref.Provider, model.Ref.Model,
                outcome.Usage ?? RunUsage.Zero, "toolUse", null, outcome.ToolCalls)));
            messages.Add(AssistantTurn(outcome));

            var results = new List<AIContent>(outcome.ToolCalls.Count);
            var images = new List<AIContent>();
            foreach (var call in outcome.ToolCalls)
            {
                ToolResult result;
                if (run.Request.ClientTools.Any(t => t.Name == call.Name))
                {
                    run.PendingToolCalls.Add(new PendingToolCall(call.CallId, call.Name, ProviderToolCalls.RawArguments(call)));
                    result = new ToolResult(PendingClientResult);
                }
                else
                {
                    try
                    {
                        result = await RunBuiltInAsync(run, builtIns, call, model, sessionId, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        // The calls already answered stay in the transcript; replay gives the others an interrupted result.
                        return (outcome with { Text = "", Cancelled = true, Failure = null, AlreadyRecorded = true }, model);
                    }
                }

                var at = time.GetUtcNow().ToUnixTimeMilliseconds();
                run.LoopEntries.Add(run.AppendEntry((seq, id) => TranscriptFormat.ToolResultMessage(sessionId, seq, id, run.LastEntryId, at, call.CallId, call.Name, result.Text, result.IsError)));
                results.Add(ProviderToolCalls.Result(call.CallId, result.Text, result.IsError));
                if (model.AcceptsImages)
                {
                    images.AddRange(result.Images.Select(i => new DataContent(Convert.FromBase64String(i.Base64Data), i.MimeType)));
                }
            }

            messages.Add(new ChatMessage(ChatRole.Tool, results));

            // Tool messages carry text only on every provider: images a tool returned follow as a user message.
            if (images.Count > 0)
            {
                messages.Add(new ChatMessage(ChatRole.User, [new TextContent(ToolImagesText), .. images]));
            }

            if (run.PendingToolCalls.Count > 0)
            {
                return (outcome with { StopReason = "toolUse", AlreadyRecorded = true }, model);
            }

            if (calls >= MaxModelCalls)
            {
                return (outcome with { Failure = new ProviderException(RunErrorReasons.Internal, LoopLimitMessage), AlreadyRecorded = true }, model);
            }
        }
    }

    /// <summary>Runs one built-in call with its start and result events; unknown names and bad arguments are error results.</summary>
    private async Task<ToolResult> RunBuiltInAsync(
        RunState run, IReadOnlyList<IAgentTool> builtIns, FunctionCallContent call, ResolvedModel model, string sessionId, CancellationToken cancellationToken)
    {
        var raw = ProviderToolCalls.RawArguments(call);
        publisher.Publish(run, sessionId, new ToolStarted(call.Name, call.CallId, raw));
        ToolResult result;
        var started = time.GetTimestamp();
        var activity = RunTracing.StartTool(call.Name, call.CallId);
        try
        {
            result = await ExecuteToolAsync(run, builtIns, call, raw, model, cancellationToken).ConfigureAwait(false);
            ToolCallEnded(run, builtIns, call.Name, started, activity, result.IsError);
        }
        catch (OperationCanceledException)
        {
            ToolCallEnded(run, builtIns, call.Name, started, activity, failed: true);

            // Every started call gets its result event, also when the run is aborted under it.
            publisher.Publish(run, sessionId, new ToolFinished(call.Name, call.CallId, true, AbortedToolResult) { Verbose = run.Verbose });
            throw;
        }

        publisher.Publish(run, sessionId, new ToolFinished(call.Name, call.CallId, result.IsError, result.Text) { Verbose = run.Verbose });

        // A requester that forwards tool results (opt-in activity) holds them in its byte bound: wait for room as the
        // model's deltas do, so a client that does not read cannot make the results pile up.
        if (run.Request.Events is IAgentEventFlowControl flowControl)
        {
            await flowControl.WaitForRoomAsync(cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>The tool call's span, its duration (a built-in's name, else <c>unknown</c>) and the run's tool time.</summary>
    private void ToolCallEnded(RunState run, IReadOnlyList<IAgentTool> builtIns, string name, long started, Activity? activity, bool failed)
    {
        var took = time.GetElapsedTime(started);
        run.Timing.ToolTime += took;
        metrics.ToolCall(builtIns.Any(t => t.Name == name) ? name : "unknown", took, failed);
        RunTracing.ToolFinished(activity, failed);
        activity?.Dispose();
    }

    private async Task<ToolResult> ExecuteToolAsync(
        RunState run, IReadOnlyList<IAgentTool> builtIns, FunctionCallContent call, string raw, ResolvedModel model, CancellationToken cancellationToken)
    {
        var tool = builtIns.FirstOrDefault(t => t.Name == call.Name);
        if (tool is null)
        {
            return new ToolResult($"Tool {call.Name} not found", IsError: true);
        }

        JsonElement arguments;
        try
        {
            using var document = JsonDocument.Parse(raw);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new ToolResult($"Invalid arguments for {call.Name}: expected a JSON object", IsError: true);
            }

            arguments = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return new ToolResult($"Invalid arguments for {call.Name}: {ex.Message}", IsError: true);
        }

        var context = new ToolContext(run.Snapshot.Agents.WorkspaceFor(run.AgentId), run.AgentId, run.SessionKey, run.Request.RunId, model.AcceptsImages);
        try
        {
            return await tool.ExecuteAsync(arguments, context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A tool exception never fails the run (§5.7): the model is told, the log keeps the details.
            RunLog.ToolCrashed(logger, ex, run.Request.RunId, call.Name);
            return new ToolResult($"Tool {call.Name} failed: {ex.Message}", IsError: true);
        }
    }

    private static ChatMessage AssistantTurn(ModelCallOutcome outcome)
    {
        var contents = new List<AIContent>(outcome.ToolCalls.Count + 1);
        if (outcome.Text.Length > 0)
        {
            contents.Add(new TextContent(outcome.Text));
        }

        contents.AddRange(outcome.ToolCalls);
        return new ChatMessage(ChatRole.Assistant, contents);
    }

    private static List<AITool>? Declarations(IReadOnlyList<IAgentTool> builtIns, IReadOnlyList<ClientTool> clientTools)
    {
        if (builtIns.Count == 0 && clientTools.Count == 0)
        {
            return null;
        }

        var tools = new List<AITool>(builtIns.Count + clientTools.Count);
        tools.AddRange(builtIns.Select(t => AIFunctionFactory.CreateDeclaration(t.Name, t.Description, t.ParametersSchema)));
        tools.AddRange(clientTools.Select(t => new ClientFunctionDeclaration(t.Name, t.Description, t.Parameters, t.Strict)));
        return tools;
    }
}
