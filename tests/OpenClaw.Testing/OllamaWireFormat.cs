using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OpenClaw.Testing;

/// <summary>
/// Writes the NDJSON lines Ollama's <c>/api/chat</c> streams, with the keys in the order the real server writes them.
/// </summary>
internal static class OllamaWireFormat
{
    public const string ContentType = "application/x-ndjson";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Every line claims the same time so test output is reproducible (the same instant as the OpenAI fake's).</summary>
    private const string CreatedAt = "2023-11-14T22:13:20Z";

    /// <summary>Thinking lines, then content lines, then one line with every tool call: the order a model produces them.</summary>
    public static List<byte[]> Deltas(string model, IReadOnlyList<string> thinking, IReadOnlyList<string> content, IReadOnlyList<FakeOllamaToolCall> toolCalls)
    {
        var lines = new List<byte[]>();
        foreach (var piece in thinking)
        {
            lines.Add(Line(model, w =>
            {
                w.WriteString("content", string.Empty);
                w.WriteString("thinking", piece);
            }));
        }

        foreach (var piece in content)
        {
            lines.Add(Line(model, w => w.WriteString("content", piece)));
        }

        if (toolCalls.Count > 0)
        {
            lines.Add(Line(model, w =>
            {
                w.WriteString("content", string.Empty);
                w.WriteStartArray("tool_calls");
                foreach (var call in toolCalls)
                {
                    w.WriteStartObject();
                    w.WriteStartObject("function");
                    w.WriteString("name", call.Name);
                    w.WritePropertyName("arguments");
                    w.WriteRawValue(call.ArgumentsJson);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }));
        }

        return lines;
    }

    /// <summary>The last line: why generation stopped, the token counts, and the durations Ollama always adds.</summary>
    public static byte[] DoneLine(string model, string doneReason, FakeUsage usage) => Terminated(w =>
    {
        w.WriteStartObject();
        WriteHeader(w, model);
        w.WriteStartObject("message");
        w.WriteString("role", "assistant");
        w.WriteString("content", string.Empty);
        w.WriteEndObject();
        w.WriteString("done_reason", doneReason);
        w.WriteBoolean("done", true);
        w.WriteNumber("total_duration", 1_000_000);
        w.WriteNumber("load_duration", 100_000);
        w.WriteNumber("prompt_eval_count", usage.PromptTokens);
        w.WriteNumber("prompt_eval_duration", 200_000);
        w.WriteNumber("eval_count", usage.CompletionTokens);
        w.WriteNumber("eval_duration", 700_000);
        w.WriteEndObject();
    });

    /// <summary><c>{"error":"…"}</c>: Ollama's error body, and the line it streams when a model fails mid-answer.</summary>
    public static string Error(string message) => Encoding.UTF8.GetString(Json(w =>
    {
        w.WriteStartObject();
        w.WriteString("error", message);
        w.WriteEndObject();
    }));

    /// <summary>A line sent verbatim, with its newline.</summary>
    public static byte[] RawLine(string text) => Encoding.UTF8.GetBytes(text + "\n");

    private static byte[] Line(string model, Action<Utf8JsonWriter> writeMessage) => Terminated(w =>
    {
        w.WriteStartObject();
        WriteHeader(w, model);
        w.WriteStartObject("message");
        w.WriteString("role", "assistant");
        writeMessage(w);
        w.WriteEndObject();
        w.WriteBoolean("done", false);
        w.WriteEndObject();
    });

    private static void WriteHeader(Utf8JsonWriter w, string model)
    {
        w.WriteString("model", model);
        w.WriteString("created_at", CreatedAt);
    }

    private static byte[] Terminated(Action<Utf8JsonWriter> write)
    {
        var json = Json(write);
        var line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        return line;
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
