using System.Text;
using System.Text.Json;
using OpenClaw.Core.Json;
using OpenClaw.Core.Providers.OpenAi;

namespace OpenClaw.Core.Providers.Ollama;

/// <summary>The parts of one NDJSON line of <c>/api/chat</c> the gateway uses.</summary>
internal sealed class OllamaStreamLine
{
    public string? Content { get; private set; }

    public string? Thinking { get; private set; }

    /// <summary>Whole calls (Ollama never splits one across lines), arguments as JSON text.</summary>
    public List<(string Name, string Arguments)>? ToolCalls { get; private set; }

    public bool Done { get; private set; }

    public string? DoneReason { get; private set; }

    public long? PromptEvalCount { get; private set; }

    public long? EvalCount { get; private set; }

    /// <summary>An in-band <c>{"error":"…"}</c> line: the model failed after the 200 went out.</summary>
    public string? ErrorMessage { get; private set; }

    public string? ErrorCode { get; private set; }

    /// <summary>Parses one line; throws <see cref="JsonException"/> when it is not a JSON object.</summary>
    public static OllamaStreamLine Parse(ReadOnlySpan<byte> json)
    {
        var line = new OllamaStreamLine();
        var reader = Utf8JsonReaderSteps.StartObject(json, "A stream line must be a JSON object.");
        while (reader.NextProperty())
        {
            if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                line.ReadMessage(ref reader, json);
            }
            else if (reader.ValueTextEquals("done"u8))
            {
                reader.Read();
                line.Done = reader.TokenType == JsonTokenType.True;
            }
            else if (reader.ValueTextEquals("done_reason"u8))
            {
                line.DoneReason = reader.ReadString();
            }
            else if (reader.ValueTextEquals("prompt_eval_count"u8))
            {
                line.PromptEvalCount = ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("eval_count"u8))
            {
                line.EvalCount = ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                (line.ErrorMessage, line.ErrorCode) = OpenAiErrorBody.ReadError(ref reader);
                line.ErrorMessage ??= "upstream stream error";
            }
            else
            {
                reader.SkipValue();
            }
        }

        // Reading on past the object fails on trailing garbage ("{…}x"), so a line is exactly one object.
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            throw new JsonException("A stream line must be one complete JSON object.");
        }

        return line;
    }

    private void ReadMessage(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
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
            else if (reader.ValueTextEquals("thinking"u8))
            {
                Thinking = reader.ReadString();
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                ReadToolCalls(ref reader, json);
            }
            else
            {
                reader.SkipValue();
            }
        }
    }

    private void ReadToolCalls(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        if (!reader.ExpectOrSkip(JsonTokenType.StartArray))
        {
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!reader.ExpectOrSkip(JsonTokenType.StartObject))
            {
                continue;
            }

            while (reader.NextProperty())
            {
                if (reader.ValueTextEquals("function"u8))
                {
                    reader.Read();
                    ReadFunction(ref reader, json);
                }
                else
                {
                    reader.SkipValue();
                }
            }
        }
    }

    /// <summary>
    /// Reads <c>{"name","arguments"}</c>. Arguments are normally an object and kept as its exact JSON text; a string
    /// (as some servers send) is taken as the JSON text it holds; anything else is kept verbatim for the tool loop to
    /// reject as invalid arguments.
    /// </summary>
    private void ReadFunction(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        if (!reader.ExpectOrSkip(JsonTokenType.StartObject))
        {
            return;
        }

        string? name = null;
        string? arguments = null;
        while (reader.NextProperty())
        {
            if (reader.ValueTextEquals("name"u8))
            {
                name = reader.ReadString();
            }
            else if (reader.ValueTextEquals("arguments"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    arguments = reader.GetString();
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    arguments = Encoding.UTF8.GetString(json[start..(int)reader.BytesConsumed]);
                }
            }
            else
            {
                reader.SkipValue();
            }
        }

        (ToolCalls ??= []).Add((name ?? "", arguments ?? "{}"));
    }

    private static long? ReadCount(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) ? value : null;
    }
}
