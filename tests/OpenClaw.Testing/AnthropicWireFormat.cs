using System.Text;
using System.Text.Json;

namespace OpenClaw.Testing;

/// <summary>The SSE events of the Messages API, as <c>event:</c> plus one <c>data:</c> line, in the API's field order.</summary>
internal static class AnthropicWireFormat
{
    /// <summary>Every event of one answer, each flagged when it is a delta (what hang and drop points count).</summary>
    public static List<(byte[] Frame, bool IsDelta)> Events(string messageId, string model, FakeAnthropicResponse script, IReadOnlyList<string> text, FakeAnthropicUsage usage)
    {
        var events = new List<(byte[], bool)> { (MessageStart(messageId, model, usage), false) };
        var index = 0;
        if (script.Thinking.Count > 0)
        {
            events.Add((BlockStart(index, w => { w.WriteString("type", "thinking"); w.WriteString("thinking", ""); w.WriteString("signature", ""); }), false));
            events.AddRange(script.Thinking.Select(t => (Delta(index, "thinking_delta", "thinking", t), true)));
            events.Add((Delta(index, "signature_delta", "signature", "fake-signature"), false));
            events.Add((BlockStop(index++), false));
        }

        if (text.Count > 0 || script.ToolCalls.Count == 0)
        {
            events.Add((BlockStart(index, w => { w.WriteString("type", "text"); w.WriteString("text", ""); }), false));
            events.Add((Event("ping", w => w.WriteString("type", "ping")), false));
            events.AddRange(text.Select(t => (Delta(index, "text_delta", "text", t), true)));
            events.Add((BlockStop(index++), false));
        }

        foreach (var call in script.ToolCalls)
        {
            events.Add((BlockStart(index, w =>
            {
                w.WriteString("type", "tool_use");
                w.WriteString("id", call.Id);
                w.WriteString("name", call.Name);
                w.WriteStartObject("input");
                w.WriteEndObject();
            }), false));
            events.AddRange(call.ArgumentsJson.Chunk(Math.Max(1, call.ArgumentPieceLength)).Select(piece => (Delta(index, "input_json_delta", "partial_json", new string(piece)), true)));
            events.Add((BlockStop(index++), false));
        }

        return events;
    }

    public static byte[] MessageDelta(string stopReason, int outputTokens) => Event("message_delta", w =>
    {
        w.WriteString("type", "message_delta");
        w.WriteStartObject("delta");
        w.WriteString("stop_reason", stopReason);
        w.WriteNull("stop_sequence");
        w.WriteEndObject();
        w.WriteStartObject("usage");
        w.WriteNumber("output_tokens", outputTokens);
        w.WriteEndObject();
    });

    public static byte[] MessageStop() => Event("message_stop", w => w.WriteString("type", "message_stop"));

    public static byte[] StreamError(FakeStreamError error) => Event("error", w => WriteErrorFields(w, error.Type, error.Message));

    /// <summary>The body of an error response: <c>{"type":"error","error":{"type","message"}}</c>.</summary>
    public static string ErrorBody(int status, string message) =>
        Encoding.UTF8.GetString(OpenAiWireFormat.Json(w =>
        {
            w.WriteStartObject();
            WriteErrorFields(w, ErrorType(status), message);
            w.WriteEndObject();
        }));

    private static string ErrorType(int status) => status switch
    {
        400 or 413 or 422 => "invalid_request_error",
        401 => "authentication_error",
        402 => "billing_error",
        403 => "permission_error",
        404 => "not_found_error",
        429 => "rate_limit_error",
        529 => "overloaded_error",
        _ => "api_error",
    };

    private static void WriteErrorFields(Utf8JsonWriter w, string type, string message)
    {
        w.WriteString("type", "error");
        w.WriteStartObject("error");
        w.WriteString("type", type);
        w.WriteString("message", message);
        w.WriteEndObject();
    }

    private static byte[] MessageStart(string messageId, string model, FakeAnthropicUsage usage) => Event("message_start", w =>
    {
        w.WriteString("type", "message_start");
        w.WriteStartObject("message");
        w.WriteString("id", messageId);
        w.WriteString("type", "message");
        w.WriteString("role", "assistant");
        w.WriteString("model", model);
        w.WriteStartArray("content");
        w.WriteEndArray();
        w.WriteNull("stop_reason");
        w.WriteNull("stop_sequence");
        w.WriteStartObject("usage");
        w.WriteNumber("input_tokens", usage.InputTokens);
        w.WriteNumber("cache_creation_input_tokens", usage.CacheCreationInputTokens);
        w.WriteNumber("cache_read_input_tokens", usage.CacheReadInputTokens);
        w.WriteNumber("output_tokens", 1);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    private static byte[] BlockStart(int index, Action<Utf8JsonWriter> writeBlock) => Event("content_block_start", w =>
    {
        w.WriteString("type", "content_block_start");
        w.WriteNumber("index", index);
        w.WriteStartObject("content_block");
        writeBlock(w);
        w.WriteEndObject();
    });

    private static byte[] Delta(int index, string type, string field, string value) => Event("content_block_delta", w =>
    {
        w.WriteString("type", "content_block_delta");
        w.WriteNumber("index", index);
        w.WriteStartObject("delta");
        w.WriteString("type", type);
        w.WriteString(field, value);
        w.WriteEndObject();
    });

    private static byte[] BlockStop(int index) => Event("content_block_stop", w =>
    {
        w.WriteString("type", "content_block_stop");
        w.WriteNumber("index", index);
    });

    private static byte[] Event(string name, Action<Utf8JsonWriter> writeFields)
    {
        var json = OpenAiWireFormat.Json(w =>
        {
            w.WriteStartObject();
            writeFields(w);
            w.WriteEndObject();
        });
        return [.. Encoding.UTF8.GetBytes($"event: {name}\ndata: "), .. json, .. "\n\n"u8];
    }
}
