using System.Text.Json;

namespace OpenClaw.Core.Providers.OpenAi;

/// <summary>The parts of one <c>chat.completion.chunk</c> the gateway uses.</summary>
internal sealed class OpenAiStreamChunk
{
    public string? Content { get; private set; }

    public string? Reasoning { get; private set; }

    public string? FinishReason { get; private set; }

    public OpenAiUsage? Usage { get; private set; }

    /// <summary>An in-band <c>{"error":{…}}</c> frame some servers send instead of a chunk.</summary>
    public string? ErrorMessage { get; private set; }

    public string? ErrorCode { get; private set; }

    /// <summary>Parses one SSE <c>data:</c> payload; throws <see cref="JsonException"/> when it is not JSON.</summary>
    public static OpenAiStreamChunk Parse(ReadOnlySpan<byte> json)
    {
        var chunk = new OpenAiStreamChunk();
        var reader = new Utf8JsonReader(json);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A stream chunk must be a JSON object.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
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
                reader.Read();
                (chunk.ErrorMessage, chunk.ErrorCode) = OpenAiErrorBody.ReadError(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return chunk;
    }

    private void ReadChoices(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
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
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("delta"u8))
                {
                    reader.Read();
                    ReadDelta(ref reader);
                }
                else if (reader.ValueTextEquals("finish_reason"u8))
                {
                    reader.Read();
                    FinishReason = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
    }

    private void ReadDelta(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                Content = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
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
                reader.Read();
                reader.Skip();
            }
        }
    }
}

/// <summary>OpenAI <c>usage</c>: prompt tokens include the cached ones.</summary>
internal sealed record OpenAiUsage(long PromptTokens, long CompletionTokens, long TotalTokens, long CachedTokens, long? ReasoningTokens)
{
    public static OpenAiUsage Read(ref Utf8JsonReader reader)
    {
        long prompt = 0, completion = 0, total = 0, cached = 0;
        long? reasoning = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
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
                reader.Read();
                reader.Skip();
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
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        long? result = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(name))
            {
                result = ReadLong(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return result;
    }
}
