using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace OpenClaw.Core.Providers.OpenAi;

/// <summary>
/// The <c>openai-completions</c> adapter: always streams upstream with usage reporting, maps failures to
/// <see cref="ProviderException"/> and enforces the first-byte and between-chunk timeouts.
/// </summary>
internal sealed class OpenAiCompletionsChatClient(HttpClient httpClient, OpenAiEndpoint endpoint, ProviderTimeouts timeouts, TimeProvider? time = null) : StreamingChatClient
{
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var model = ModelOf(messages, options);
        using var timeout = new ProviderDeadline(time ?? TimeProvider.System, cancellationToken);
        using var response = await SendAsync(model, messages, options, timeout, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);

        // Any bytes prove the upstream alive, also SSE comments (": keep-alive") that the parser never shows.
        var stream = new UpstreamBodyStream(body, () => timeout.CancelAfter(timeouts.BetweenChunks));
        await using var _ = stream.ConfigureAwait(false);
        var parser = SseParser.Create(stream, static (_, data) => data.ToArray());
        await using var events = parser.EnumerateAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        var finished = false;
        var toolCalls = new OpenAiToolCallAccumulator();
        while (true)
        {
            timeout.CancelAfter(timeouts.BetweenChunks);
            SseItem<byte[]> item;
            try
            {
                if (!await events.MoveNextAsync().ConfigureAwait(false))
                {
                    break;
                }

                item = events.Current;
            }
            catch (Exception ex) when (ProviderHttp.IsTransportFailure(ex, cancellationToken))
            {
                if (finished)
                {
                    // The answer is complete; only the usage chunk or [DONE] went missing.
                    break;
                }

                throw ProviderHttp.StreamFailure(ex, timeout, timeouts.BetweenChunks);
            }

            if (item.Data.AsSpan().SequenceEqual("[DONE]"u8))
            {
                break;
            }

            var chunk = ParseChunk(item.Data);
            var update = ToUpdate(chunk, model, toolCalls, ref finished);
            if (update is not null)
            {
                // The consumer's time with an update is not the upstream's: no deadline runs until the next read.
                timeout.CancelAfter(Timeout.InfiniteTimeSpan);
                yield return update;
            }

            if (finished && chunk.Usage is not null)
            {
                // Finish and usage are both in: nothing the gateway needs can follow.
                break;
            }
        }

        if (!finished)
        {
            throw ProviderException.Malformed(ProviderMalformed.NoFinish);
        }
    }

    private Task<HttpResponseMessage> SendAsync(string model, IEnumerable<ChatMessage> messages, ChatOptions? options, ProviderDeadline timeout, CancellationToken cancellationToken)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        return ProviderHttp.PostJsonAsync(
            httpClient, endpoint, writer => OpenAiRequestWriter.Write(writer, model, list, options), ProviderHttp.EstimateBodyBytes(list), timeouts, timeout, cancellationToken);
    }

    private static OpenAiStreamChunk ParseChunk(byte[] data)
    {
        try
        {
            var chunk = OpenAiStreamChunk.Parse(data);
            if (chunk.ErrorMessage is { } error)
            {
                // Some routers (OpenRouter) put the upstream's HTTP status in the frame's code: classify by it.
                if (int.TryParse(chunk.ErrorCode, System.Globalization.CultureInfo.InvariantCulture, out var status) && status is >= 400 and <= 599)
                {
                    throw new ProviderException(ProviderFailureReason.FromStatus(status), $"{status} {error}", status);
                }

                throw ProviderException.InStream(error, chunk.ErrorCode);
            }

            return chunk;
        }
        catch (JsonException ex)
        {
            throw ProviderException.Malformed(ProviderMalformed.NotJson, ex);
        }
        catch (InvalidOperationException ex)
        {
            // A string that is not valid UTF-8, or a value of the wrong JSON type where text is expected.
            throw ProviderException.Malformed(ProviderMalformed.InvalidText, ex);
        }
    }

    private static ChatResponseUpdate? ToUpdate(OpenAiStreamChunk chunk, string model, OpenAiToolCallAccumulator toolCalls, ref bool finished)
    {
        List<AIContent>? contents = null;
        if (chunk.ToolCalls is { } deltas)
        {
            toolCalls.Add(deltas);
        }

        if (chunk.Reasoning is { Length: > 0 } reasoning)
        {
            (contents ??= []).Add(new TextReasoningContent(reasoning));
        }

        if (chunk.Content is { Length: > 0 } text)
        {
            (contents ??= []).Add(new TextContent(text));
        }

        if (chunk.Usage is { } usage)
        {
            (contents ??= []).Add(new UsageContent(new UsageDetails
            {
                InputTokenCount = usage.PromptTokens,
                CachedInputTokenCount = usage.CachedTokens,
                OutputTokenCount = usage.CompletionTokens,
                TotalTokenCount = usage.TotalTokens,
                ReasoningTokenCount = usage.ReasoningTokens,
            }));
        }

        ChatFinishReason? finishReason = chunk.FinishReason switch
        {
            null => null,
            "stop" => ChatFinishReason.Stop,
            "length" => ChatFinishReason.Length,
            "tool_calls" or "function_call" => ChatFinishReason.ToolCalls,
            "content_filter" => ChatFinishReason.ContentFilter,
            var other => new ChatFinishReason(other),
        };
        if (finishReason is not null && toolCalls.HasCalls)
        {
            // Calls are complete when their choice finishes; some servers finish a tool turn with "stop".
            (contents ??= []).AddRange(toolCalls.Drain());
            finishReason = finishReason == ChatFinishReason.Stop ? ChatFinishReason.ToolCalls : finishReason;
        }

        finished |= finishReason is not null;
        if (contents is null && finishReason is null)
        {
            return null;
        }

        return new ChatResponseUpdate(ChatRole.Assistant, contents ?? []) { FinishReason = finishReason, ModelId = model };
    }
}
