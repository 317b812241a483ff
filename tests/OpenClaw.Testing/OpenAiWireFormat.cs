using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OpenClaw.Testing;

/// <summary>
/// Writes the bytes OpenAI puts on the wire. Hand-written with <see cref="Utf8JsonWriter"/> so the
/// property order and the explicit nulls match the real service, which strict clients rely on.
/// </summary>
internal static class OpenAiWireFormat
{
    // Real OpenAI emits raw UTF-8 and apostrophes; the default encoder would \u-escape them.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Every response claims the same creation time so test output is reproducible.</summary>
    public const long Created = 1_700_000_000;

    public static ReadOnlyMemory<byte> Done { get; } = "data: [DONE]\n\n"u8.ToArray();

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>
    /// Content deltas, then per tool call an identity chunk followed by its argument pieces,
    /// the order in which OpenAI streams them.
    /// </summary>
    public static List<byte[]> DeltaChunks(StreamContext ctx, IReadOnlyList<string> content, IReadOnlyList<FakeToolCall> toolCalls)
    {
        var deltas = new List<byte[]>();
        foreach (var piece in content)
        {
            deltas.Add(ContentChunk(ctx, piece));
        }

        for (var i = 0; i < toolCalls.Count; i++)
        {
            var call = toolCalls[i];
            deltas.Add(ToolCallStartChunk(ctx, i, call));
            var size = Math.Max(1, call.ArgumentPieceLength);
            for (var offset = 0; offset < call.ArgumentsJson.Length; offset += size)
            {
                var piece = call.ArgumentsJson.Substring(offset, Math.Min(size, call.ArgumentsJson.Length - offset));
                deltas.Add(ToolCallArgumentsChunk(ctx, i, piece));
            }
        }

        return deltas;
    }

    public static byte[] RoleChunk(StreamContext ctx) => Chunk(ctx, w =>
    {
        w.WriteString("role", "assistant");
        w.WriteString("content", string.Empty);
    }, finishReason: null);

    private static byte[] ContentChunk(StreamContext ctx, string content) =>
        Chunk(ctx, w => w.WriteString("content", content), finishReason: null);

    private static byte[] ToolCallStartChunk(StreamContext ctx, int index, FakeToolCall call) => Chunk(ctx, w =>
    {
        w.WriteStartArray("tool_calls");
        w.WriteStartObject();
        w.WriteNumber("index", index);
        w.WriteString("id", call.Id);
        w.WriteString("type", "function");
        w.WriteStartObject("function");
        w.WriteString("name", call.Name);
        w.WriteString("arguments", string.Empty);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
    }, finishReason: null);

    private static byte[] ToolCallArgumentsChunk(StreamContext ctx, int index, string piece) => Chunk(ctx, w =>
    {
        w.WriteStartArray("tool_calls");
        w.WriteStartObject();
        w.WriteNumber("index", index);
        w.WriteStartObject("function");
        w.WriteString("arguments", piece);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
    }, finishReason: null);

    public static byte[] FinishChunk(StreamContext ctx, string finishReason) =>
        Chunk(ctx, static _ => { }, finishReason);

    public static byte[] UsageChunk(StreamContext ctx, FakeUsage usage) => Frame(w =>
    {
        w.WriteStartObject();
        WriteHeader(w, ctx, "chat.completion.chunk");
        w.WriteStartArray("choices");
        w.WriteEndArray();
        WriteUsage(w, usage);
        w.WriteEndObject();
    });

    public static byte[] Completion(
        StreamContext ctx,
        string? content,
        IReadOnlyList<FakeToolCall> toolCalls,
        string finishReason,
        FakeUsage usage) => Json(w =>
    {
        w.WriteStartObject();
        WriteHeader(w, ctx, "chat.completion");
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("message");
        w.WriteString("role", "assistant");
        w.WriteString("content", content);
        if (toolCalls.Count > 0)
        {
            w.WriteStartArray("tool_calls");
            foreach (var call in toolCalls)
            {
                w.WriteStartObject();
                w.WriteString("id", call.Id);
                w.WriteString("type", "function");
                w.WriteStartObject("function");
                w.WriteString("name", call.Name);
                w.WriteString("arguments", call.ArgumentsJson);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteString("finish_reason", finishReason);
        w.WriteEndObject();
        w.WriteEndArray();
        WriteUsage(w, usage);
        w.WriteEndObject();
    });

    public static string Error(string message, string type, string? code) => JsonText(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("error");
        w.WriteString("message", message);
        w.WriteString("type", type);
        w.WriteString("code", code);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    public static string Models(string modelId) => JsonText(w =>
    {
        w.WriteStartObject();
        w.WriteString("object", "list");
        w.WriteStartArray("data");
        w.WriteStartObject();
        w.WriteString("id", modelId);
        w.WriteString("object", "model");
        w.WriteNumber("created", Created);
        w.WriteString("owned_by", "openclaw-fake");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static byte[] Chunk(StreamContext ctx, Action<Utf8JsonWriter> writeDelta, string? finishReason) => Frame(w =>
    {
        w.WriteStartObject();
        WriteHeader(w, ctx, "chat.completion.chunk");
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("delta");
        writeDelta(w);
        w.WriteEndObject();
        w.WriteString("finish_reason", finishReason);
        w.WriteEndObject();
        w.WriteEndArray();
        if (ctx.IncludeUsage)
        {
            w.WriteNull("usage");
        }

        w.WriteEndObject();
    });

    private static void WriteHeader(Utf8JsonWriter w, StreamContext ctx, string objectType)
    {
        w.WriteString("id", ctx.Id);
        w.WriteString("object", objectType);
        w.WriteNumber("created", Created);
        w.WriteString("model", ctx.Model);
    }

    private static void WriteUsage(Utf8JsonWriter w, FakeUsage usage)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", usage.PromptTokens);
        w.WriteNumber("completion_tokens", usage.CompletionTokens);
        w.WriteNumber("total_tokens", usage.TotalTokens);
        if (usage.CachedPromptTokens is { } cached)
        {
            w.WriteStartObject("prompt_tokens_details");
            w.WriteNumber("cached_tokens", cached);
            w.WriteEndObject();
        }

        if (usage.ReasoningTokens is { } reasoning)
        {
            w.WriteStartObject("completion_tokens_details");
            w.WriteNumber("reasoning_tokens", reasoning);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static byte[] Frame(Action<Utf8JsonWriter> write)
    {
        var json = Json(write);
        var frame = new byte[json.Length + 8];
        "data: "u8.CopyTo(frame);
        json.CopyTo(frame.AsSpan(6));
        "\n\n"u8.CopyTo(frame.AsSpan(6 + json.Length));
        return frame;
    }

    private static string JsonText(Action<Utf8JsonWriter> write) => Encoding.UTF8.GetString(Json(write));

    internal static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}

/// <summary>What every chunk of one response repeats.</summary>
internal sealed record StreamContext(string Id, string Model, bool IncludeUsage);
