using OpenClaw.Core.Runs;
using OpenClaw.Gateway.Http;

namespace OpenClaw.Gateway.OpenAi;

/// <summary>
/// The SSE response of a streaming chat completion (http-api.md §4.12): headers and the role chunk at once, one
/// content chunk per assistant delta, the unstreamed suffix, exactly one finish chunk, the usage chunk when asked,
/// then <c>[DONE]</c>. A failure after the headers is one in-band error frame, then <c>[DONE]</c>.
/// </summary>
internal sealed class ChatCompletionStream(HttpContext context, PreparedChat chat, long created, ChatStreamSettings settings)
    : RunEventStream(context, chat.Run, settings)
{
    private const string MessageSeparator = "\n\n";

    /// <summary>Tool-call arguments are streamed in slices of at most this many UTF-16 units (§4.12 step 4).</summary>
    private const int ArgumentSliceLength = 256;

    private readonly System.Text.StringBuilder _streamed = new();
    private int _lastMessageIndex = -1;

    protected override void WriteOpening() => WriteChunk(new ChatCompletionDelta(Role: "assistant"), null);

    protected override void WriteEvent(AgentEventData data)
    {
        // While tool_choice demands a call, text is held back: the run may still end in a 502 (§4.7).
        if (chat.Tools.HasRequirement)
        {
            return;
        }

        if (data is ReasoningDelta reasoning)
        {
            WriteChunk(new ChatCompletionDelta(ReasoningContent: reasoning.Delta), null);
            return;
        }

        if (data is not AssistantDelta delta)
        {
            return;
        }

        // A later assistant message of the same run is separated as the non-streaming content is: a "\n\n" delta first.
        if (delta.MessageIndex != _lastMessageIndex && _streamed.Length > 0)
        {
            _streamed.Append(MessageSeparator);
            WriteChunk(new ChatCompletionDelta(Content: MessageSeparator), null);
        }

        _lastMessageIndex = delta.MessageIndex;
        _streamed.Append(delta.Delta);
        WriteChunk(new ChatCompletionDelta(Content: delta.Delta), null);
    }

    protected override ValueTask WriteClosingAsync(AgentRunResult result)
    {
        WriteClosing(result);
        return ValueTask.CompletedTask;
    }

    private void WriteClosing(AgentRunResult result)
    {
        if (result.Error is { } error)
        {
            WriteError(RunErrorMapper.Map(error).Error);
            return;
        }

        if (chat.Tools.Unmet(result.PendingToolCalls) is { } unmet)
        {
            WriteError(new OpenAiError(unmet, OpenAiErrorTypes.Api));
            return;
        }

        var final = ChatCompletionText.Of(result);
        var streamed = _streamed.ToString();
        if (!final.StartsWith(streamed, StringComparison.Ordinal))
        {
            WriteError(new OpenAiError(ChatCompletionText.NotAppendOnly, OpenAiErrorTypes.Api));
            return;
        }

        if (final.Length > streamed.Length)
        {
            WriteChunk(new ChatCompletionDelta(Content: final[streamed.Length..]), null);
        }

        for (var i = 0; i < result.PendingToolCalls.Count; i++)
        {
            WriteToolCall(i, result.PendingToolCalls[i]);
        }

        WriteChunk(new ChatCompletionDelta(), ChatCompletionText.FinishReason(result));
        if (chat.Request.IncludeUsage)
        {
            WriteFrame(new ChatCompletionChunk(chat.Run.RunId, created, chat.ResponseModel, [], UsageMapper.Map(result)), GatewayJson.Context.ChatCompletionChunk);
        }

        WriteDone();
    }

    /// <summary>
    /// A client tool call (§4.12 step 4): an identity chunk with an empty arguments string, then the arguments in
    /// slices of at most <see cref="ArgumentSliceLength"/> UTF-16 units that never split a surrogate pair (at least one).
    /// </summary>
    private void WriteToolCall(int index, PendingToolCall call)
    {
        WriteChunk(new ChatCompletionDelta(ToolCalls: [new DeltaToolCall(index, call.Id, "function", new ResponseFunction(call.Name, ""))]), null);
        foreach (var slice in ArgumentSlices(call.ArgumentsJson))
        {
            WriteChunk(new ChatCompletionDelta(ToolCalls: [new DeltaToolCall(index, null, null, new ResponseFunction(null, slice))]), null);
        }
    }

    internal static IEnumerable<string> ArgumentSlices(string arguments)
    {
        if (arguments.Length == 0)
        {
            yield return "";
            yield break;
        }

        for (var start = 0; start < arguments.Length;)
        {
            var length = Math.Min(ArgumentSliceLength, arguments.Length - start);
            if (length < arguments.Length - start && char.IsHighSurrogate(arguments[start + length - 1]))
            {
                length--;
            }

            yield return arguments.Substring(start, length);
            start += length;
        }
    }

    /// <summary>One in-band error frame, then <c>[DONE]</c> (http-api.md §4.12 E).</summary>
    private void WriteError(OpenAiError error)
    {
        WriteFrame(new OpenAiErrorEnvelope(error), GatewayJson.Context.OpenAiErrorEnvelope);
        WriteDone();
    }

    private void WriteChunk(ChatCompletionDelta delta, string? finishReason) =>
        WriteFrame(new ChatCompletionChunk(chat.Run.RunId, created, chat.ResponseModel, [new ChatCompletionChunkChoice(0, delta, finishReason)]), GatewayJson.Context.ChatCompletionChunk);
}
