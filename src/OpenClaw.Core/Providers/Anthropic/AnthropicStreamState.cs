using System.Text;
using Anthropic.Models.Messages;
using Microsoft.Extensions.AI;

namespace OpenClaw.Core.Providers.Anthropic;

/// <summary>
/// Turns the Messages stream into updates: text and thinking deltas as they come, a tool call once its block stops
/// (its <c>input_json_delta</c> pieces joined), and usage with the finish reason when the message stops.
/// </summary>
internal sealed class AnthropicStreamState(string model)
{
    private readonly Dictionary<long, (string Id, string Name, StringBuilder Input)> _toolCalls = [];
    private long _input;
    private long _cacheRead;
    private long _cacheWrite;
    private long _output;
    private string? _stopReason;

    /// <summary>True once <c>message_stop</c> arrived.</summary>
    public bool Finished { get; private set; }

    /// <summary>The update this event yields, if any.</summary>
    public ChatResponseUpdate? Apply(RawMessageStreamEvent streamEvent)
    {
        ArgumentNullException.ThrowIfNull(streamEvent);
        if (streamEvent.TryPickStart(out var start))
        {
            var usage = start.Message.Usage;
            (_input, _cacheRead, _cacheWrite, _output) = (usage.InputTokens, usage.CacheReadInputTokens ?? 0, usage.CacheCreationInputTokens ?? 0, usage.OutputTokens);
            return null;
        }

        if (streamEvent.TryPickContentBlockStart(out var blockStart))
        {
            return BlockStarted(blockStart);
        }

        if (streamEvent.TryPickContentBlockDelta(out var blockDelta))
        {
            return BlockDelta(blockDelta);
        }

        if (streamEvent.TryPickContentBlockStop(out var blockStop) && _toolCalls.Remove(blockStop.Index, out var call))
        {
            return Update(ProviderToolCalls.Create(call.Id, call.Name, call.Input.ToString()));
        }

        if (streamEvent.TryPickDelta(out var messageDelta))
        {
            MessageDelta(messageDelta);
            return null;
        }

        if (streamEvent.TryPickStop(out _))
        {
            Finished = true;
            return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(Usage())]) { FinishReason = FinishReason(_stopReason), ModelId = model };
        }

        return null;
    }

    public static ChatFinishReason FinishReason(string? stopReason) => stopReason switch
    {
        "max_tokens" => ChatFinishReason.Length,
        "tool_use" => ChatFinishReason.ToolCalls,
        _ => ChatFinishReason.Stop,
    };

    private ChatResponseUpdate? BlockStarted(RawContentBlockStartEvent blockStart)
    {
        var block = blockStart.ContentBlock;
        if (block.TryPickToolUse(out var toolUse))
        {
            _toolCalls[blockStart.Index] = (toolUse.ID, toolUse.Name, new StringBuilder());
            return null;
        }

        // The API starts text and thinking blocks empty; a proxy may not, and that text must not be lost.
        return block.TryPickText(out var text) && text.Text is { Length: > 0 } initial ? Update(new TextContent(initial))
            : block.TryPickThinking(out var thinking) && thinking.Thinking is { Length: > 0 } reasoning ? Update(new TextReasoningContent(reasoning))
            : null;
    }

    private ChatResponseUpdate? BlockDelta(RawContentBlockDeltaEvent blockDelta)
    {
        var delta = blockDelta.Delta;
        if (delta.TryPickText(out var text))
        {
            return text.Text is { Length: > 0 } ? Update(new TextContent(text.Text)) : null;
        }

        if (delta.TryPickThinking(out var thinking))
        {
            return thinking.Thinking is { Length: > 0 } ? Update(new TextReasoningContent(thinking.Thinking)) : null;
        }

        if (delta.TryPickInputJson(out var json) && _toolCalls.TryGetValue(blockDelta.Index, out var call))
        {
            call.Input.Append(json.PartialJson);
        }

        // Signature and citation deltas carry nothing the gateway passes on.
        return null;
    }

    /// <summary><c>usage</c> here is cumulative: it replaces what message_start said, field by field.</summary>
    private void MessageDelta(RawMessageDeltaEvent messageDelta)
    {
        _stopReason = messageDelta.Delta.StopReason?.Raw() ?? _stopReason;
        if (messageDelta.Usage is not { } usage)
        {
            return;
        }

        _output = usage.OutputTokens;
        _input = usage.InputTokens ?? _input;
        _cacheRead = usage.CacheReadInputTokens ?? _cacheRead;
        _cacheWrite = usage.CacheCreationInputTokens ?? _cacheWrite;
    }

    /// <summary>
    /// The OpenAI convention the runner expects: input includes cache reads, which are also reported apart; cache
    /// writes ride in <c>AdditionalCounts["cacheWrite"]</c>.
    /// </summary>
    private UsageDetails Usage() => new()
    {
        InputTokenCount = _input + _cacheRead,
        CachedInputTokenCount = _cacheRead,
        OutputTokenCount = _output,
        TotalTokenCount = _input + _cacheRead + _cacheWrite + _output,
        AdditionalCounts = new AdditionalPropertiesDictionary<long> { ["cacheWrite"] = _cacheWrite },
    };

    private ChatResponseUpdate Update(AIContent content) => new(ChatRole.Assistant, [content]) { ModelId = model };
}
