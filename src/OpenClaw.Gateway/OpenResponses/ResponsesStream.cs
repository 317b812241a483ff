using OpenClaw.Core.Runs;
using OpenClaw.Gateway.Http;
using OpenClaw.Gateway.OpenAi;

namespace OpenClaw.Gateway.OpenResponses;

/// <summary>
/// The SSE response of a streaming Responses request (http-api.md §6.12): <c>response.created</c>,
/// <c>response.in_progress</c>, the message item and its text part at once; a text delta per assistant delta (held
/// back while <c>tool_choice</c> demands a call); then the done events, one item per client call and
/// <c>response.completed</c> — or exactly one <c>response.failed</c>. <c>[DONE]</c> is always last.
/// </summary>
/// <remarks>
/// <b>[extension]</b> A caller that opted in (<see cref="OpenAi.AgentActivity"/>) also gets the agent's own activity
/// as <c>openclaw.tool_call.started</c>, <c>openclaw.tool_call.completed</c> and <c>openclaw.reasoning.delta</c>
/// events, each with <c>response_id</c> and <c>item_id</c> (one id per tool call, one per reasoning block), tools also
/// with <c>tool_call_id</c>. Clients that do not know them skip them.
/// </remarks>
internal sealed class ResponsesStream(HttpContext context, PreparedResponse response, PreviousResponses previous, ChatStreamSettings settings)
    : RunEventStream(context, response.Run, settings)
{
    private const string MessageSeparator = "\n\n";

    private readonly System.Text.StringBuilder _streamed = new();
    private readonly Dictionary<string, string> _toolItems = new(StringComparer.Ordinal);
    private int _lastMessageIndex = -1;
    private (int MessageIndex, string ItemId)? _reasoning;

    /// <summary>A tool clash is reported in the stream without running (§6.6).</summary>
    protected override AgentRunResult? Precluded => response.ToolClash
        ? new AgentRunResult { RunId = response.Run.RunId, AgentId = response.Run.AgentId!, SessionKey = response.Run.SessionKey! }
        : null;

    protected override void WriteOpening()
    {
        var opening = ResponseOutcomes.InProgress(response);
        Write(new ResponseLifecycleEvent("response.created", opening));
        Write(new ResponseLifecycleEvent("response.in_progress", opening));
        Write(new ResponseOutputItemEvent("response.output_item.added", 0, ResponseOutcomes.OpenMessage(response)));
        Write(new ResponseContentPartEvent("response.content_part.added", response.MessageId, 0, 0, new OutputTextPart("")));
    }

    protected override bool IncludesTools => true;

    protected override void WriteEvent(AgentEventData data)
    {
        switch (data)
        {
            case ToolStarted started:
                Write(new AgentToolStartedEvent("openclaw.tool_call.started", response.Run.RunId, ToolItem(started.ToolCallId), started.ToolCallId, started.Name, started.ArgumentsJson));
                return;
            case ToolFinished finished:
                Write(new AgentToolCompletedEvent("openclaw.tool_call.completed", response.Run.RunId, ToolItem(finished.ToolCallId), finished.ToolCallId, finished.Name, finished.IsError, finished.Result));
                return;
            case ReasoningDelta reasoning when !response.Tools.HasRequirement:
                // Held back with the text while tool_choice demands a call, as on chat streams.
                if (_reasoning?.MessageIndex != reasoning.MessageIndex)
                {
                    _reasoning = (reasoning.MessageIndex, "rs_" + Guid.NewGuid());
                }

                Write(new AgentReasoningDeltaEvent("openclaw.reasoning.delta", response.Run.RunId, _reasoning.Value.ItemId, reasoning.Delta));
                return;
        }

        if (data is not AssistantDelta delta || response.Tools.HasRequirement)
        {
            return;
        }

        // [extension] A later assistant message is separated as in the final text, so the stream stays append-only.
        if (delta.MessageIndex != _lastMessageIndex && _streamed.Length > 0)
        {
            WriteDelta(MessageSeparator);
        }

        _lastMessageIndex = delta.MessageIndex;
        WriteDelta(delta.Delta);
    }

    protected override async ValueTask WriteClosingAsync(AgentRunResult result)
    {
        if (response.ToolClash)
        {
            // Not remembered for previous_response_id.
            WriteFailed(ResponseOutcomes.ToolClash);
            return;
        }

        if (ResponseOutcomes.FailureOf(response, result, streaming: true) is { } failure)
        {
            await RecordAsync();
            WriteFailed(failure);
            return;
        }

        var final = ResponseOutcomes.TextOf(result);
        var streamed = _streamed.ToString();
        if (!final.StartsWith(streamed, StringComparison.Ordinal))
        {
            await RecordAsync();
            WriteFailed(new ResponseFailure(500, new ResponseError("server_error", ChatCompletionText.NotAppendOnly), ResponseUsageMapper.Map(result)));
            return;
        }

        if (final.Length > streamed.Length)
        {
            WriteDelta(final[streamed.Length..]);
        }

        var message = ResponseOutcomes.Message(response, final, result);
        Write(new ResponseTextDoneEvent("response.output_text.done", response.MessageId, 0, 0, final));
        Write(new ResponseContentPartEvent("response.content_part.done", response.MessageId, 0, 0, new OutputTextPart(final)));
        Write(new ResponseOutputItemEvent("response.output_item.done", 0, message));
        var output = new List<object>(result.PendingToolCalls.Count + 1) { message };
        foreach (var call in result.PendingToolCalls)
        {
            var item = ResponseOutcomes.FunctionCall(call);
            Write(new ResponseOutputItemEvent("response.output_item.added", output.Count, item));
            var done = item with { Status = "completed" };
            Write(new ResponseOutputItemEvent("response.output_item.done", output.Count, done));
            output.Add(done);
        }

        await RecordAsync();
        Write(new ResponseLifecycleEvent("response.completed", ResponseOutcomes.Completed(response, output, result)));
        WriteDone();
    }

    /// <summary>The terminal event is about to go out: the response can now be continued.</summary>
    private Task RecordAsync() => previous.RecordAsync(response.Run.RunId, response.Run.SessionKey!, response.Scope, Context.RequestAborted);

    private void WriteFailed(ResponseFailure failure)
    {
        Write(new ResponseLifecycleEvent("response.failed", ResponseOutcomes.Failed(response, failure)));
        WriteDone();
    }

    private void WriteDelta(string text)
    {
        _streamed.Append(text);
        Write(new ResponseTextDeltaEvent("response.output_text.delta", response.MessageId, 0, 0, text));
    }

    /// <summary>The activity item id of one tool call, the same in its started and completed events.</summary>
    private string ToolItem(string toolCallId)
    {
        if (!_toolItems.TryGetValue(toolCallId, out var itemId))
        {
            itemId = "tc_" + Guid.NewGuid();
            _toolItems[toolCallId] = itemId;
        }

        return itemId;
    }

    private void Write(AgentToolStartedEvent e) => WriteFrame(e, GatewayJson.Context.AgentToolStartedEvent, e.Type);

    private void Write(AgentToolCompletedEvent e) => WriteFrame(e, GatewayJson.Context.AgentToolCompletedEvent, e.Type);

    private void Write(AgentReasoningDeltaEvent e) => WriteFrame(e, GatewayJson.Context.AgentReasoningDeltaEvent, e.Type);

    private void Write(ResponseLifecycleEvent e) => WriteFrame(e, GatewayJson.Context.ResponseLifecycleEvent, e.Type);

    private void Write(ResponseOutputItemEvent e) => WriteFrame(e, GatewayJson.Context.ResponseOutputItemEvent, e.Type);

    private void Write(ResponseContentPartEvent e) => WriteFrame(e, GatewayJson.Context.ResponseContentPartEvent, e.Type);

    private void Write(ResponseTextDeltaEvent e) => WriteFrame(e, GatewayJson.Context.ResponseTextDeltaEvent, e.Type);

    private void Write(ResponseTextDoneEvent e) => WriteFrame(e, GatewayJson.Context.ResponseTextDoneEvent, e.Type);
}
