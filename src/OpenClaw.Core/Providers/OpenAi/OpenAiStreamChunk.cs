using System.Text.Json;
using OpenClaw.Core.Json;

namespace OpenClaw.Core.Providers.OpenAi;

/// <summary>The parts of one <c>chat.completion.chunk</c> the gateway uses.</summary>
internal sealed class OpenAiStreamChunk
{
    public string? Content { get; private set; }

    public string? Reasoning { get; private set; }

    public string? FinishReason { get; private set; }

    /// <summary>The <c>delta.tool_calls</c> fragments of this chunk, in wire order.</summary>
    public List<OpenAiToolCallDelta>? ToolCalls { get; private set; }

    public OpenAiUsage? Usage { get; private set; }

    /// <summary>An in-band <c>{"error":{…}}</c> frame some servers send instead of a chunk.</summary>
    public string? ErrorMessage { get; private set; }

    public string? ErrorCode { get; private set; }

    /// <summary>Parses one SSE <c>data:</c> payload; throws <see cref="JsonException"/> when it is not JSON.</summary>
    public static OpenAiStreamChunk Parse(ReadOnlySpan<byte> json)
    {
        var chunk = new OpenAiStreamChunk();
        var reader = Utf8JsonReaderSteps.StartObject(json, "A stream chunk must be a JSON object.");
        while (reader.NextProperty())
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                chunk.ReadChoices(ref reader);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                chunk.Usage = reader.TokenType == JsonTokenType.StartObject ? OpenAiUsage.Read(ref reader) : null;
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                (chunk.ErrorMessage, chunk.ErrorCode) = OpenAiErrorBody.ReadError(ref reader);
            }
            else
            {
                reader.SkipValue();
            }
        }

        return chunk;
    }

    private void ReadChoices(ref Utf8JsonReader reader)
    {
        if (!reader.ExpectOrSkip(JsonTokenType.StartArray))
        {
            return;
        }

        var first = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            // Only choice 0 matters: the gateway never asks for n > 1.
            if (!first || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            first = false;
            while (reader.NextProperty())
            {
                if (reader.ValueTextEquals("delta"u8))
                {
                    reader.Read();
                    ReadDelta(ref reader);
                }
                else if (reader.ValueTextEquals("finish_reason"u8))
                {
                    FinishReason = reader.ReadString();
                }
                else
                {
                    reader.SkipValue();
                }
            }
        }
    }

    private void ReadToolCalls(ref Utf8JsonReader reader)
    {
        if (!reader.ExpectOrSkip(JsonTokenType.StartArray))
        {
            return;
        }

        var position = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!reader.ExpectOrSkip(JsonTokenType.StartObject))
            {
                continue;
            }

            // Some servers omit "index" when they send whole calls; their position in the array stands in for it.
            int index = position++;
            string? id = null, name = null, arguments = null;
            while (reader.NextProperty())
            {
                if (reader.ValueTextEquals("index"u8))
                {
                    reader.Read();
                    index = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : index;
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    id = reader.ReadString();
                }
                else if (reader.ValueTextEquals("function"u8))
                {
                    reader.Read();
                    (name, arguments) = ReadFunction(ref reader);
                }
                else
                {
                    reader.SkipValue();
                }
            }

            (ToolCalls ??= []).Add(new OpenAiToolCallDelta(index, id, name, arguments));
        }
    }

    private static (string? Name, string? Arguments) ReadFunction(ref Utf8JsonReader reader)
    {
        if (!reader.ExpectOrSkip(JsonTokenType.StartObject))
        {
            return (null, null);
        }

        string? name = null, arguments = null;
        while (reader.NextProperty())
        {
            if (reader.ValueTextEquals("name"u8))
            {
                name = reader.ReadString();
            }
            else if (reader.ValueTextEquals("arguments"u8))
            {
                reader.Read();

                // A few servers send the arguments as an object instead of a JSON string.
                arguments = reader.TokenType switch
                {
                    JsonTokenType.String => reader.GetString(),
                    JsonTokenType.StartObject => JsonElement.ParseValue(ref reader).GetRawText(),
                    _ => null,
                };
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.SkipValue();
            }
        }

        return (name, arguments);
    }

    private void ReadDelta(ref Utf8JsonReader reader)
    {
        if (!reader.ExpectOrSkip(JsonTokenType.StartObject))
        {
            return;
        }

        while (reader.NextProperty())
        {
            if (reader.ValueTextEquals("content"u8))
            {
                Content = reader.ReadString();
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                ReadToolCalls(ref reader);
            }
            else if (reader.ValueTextEquals("reasoning_content"u8) || reader.ValueTextEquals("reasoning"u8))
            {
                reader.Read();
                Reasoning = reader.TokenType == JsonTokenType.String ? reader.GetString() : Reasoning;
                if (reader.TokenType != JsonTokenType.String)
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.SkipValue();
            }
        }
    }
}

/// <summary>One fragment of a streamed tool call; calls are assembled by <see cref="Index"/>.</summary>
internal sealed record OpenAiToolCallDelta(int Index, string? Id, string? Name, string? Arguments);

/// <summary>OpenAI <c>usage</c>: prompt tokens include the cached ones.</summary>
internal sealed record OpenAiUsage(long PromptTokens, long CompletionTokens, long TotalTokens, long CachedTokens, long? ReasoningTokens)
{
    public static OpenAiUsage Read(ref Utf8JsonReader reader)
    {
        long prompt = 0, completion = 0, total = 0, cached = 0;
        long? reasoning = null;
        while (reader.NextProperty())
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                prompt = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                completion = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("total_tokens"u8))
            {
                total = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("prompt_tokens_details"u8))
            {
                reader.Read();
                cached = ReadNested(ref reader, "cached_tokens"u8) ?? 0;
            }
            else if (reader.ValueTextEquals("completion_tokens_details"u8))
            {
                reader.Read();
                reasoning = ReadNested(ref reader, "reasoning_tokens"u8);
            }
            else
            {
                reader.SkipValue();
            }
        }

        return new OpenAiUsage(prompt, completion, total, cached, reasoning);
    }

    private static long ReadLong(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value) && double.IsFinite(value) ? (long)value : 0;
    }

    private static long? ReadNested(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (!reader.ExpectOrSkip(JsonTokenType.StartObject))
        {
            return null;
        }

        long? result = null;
        while (reader.NextProperty())
        {
            if (reader.ValueTextEquals(name))
            {
                result = ReadLong(ref reader);
            }
            else
            {
                reader.SkipValue();
            }
        }

        return result;
    }
}
