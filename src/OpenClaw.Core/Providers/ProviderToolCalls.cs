using System.Text.Json;
using Microsoft.Extensions.AI;

namespace OpenClaw.Core.Providers;

/// <summary>
/// Builds the <see cref="FunctionCallContent"/> every adapter emits for a completed tool call. The arguments text
/// exactly as the model produced it is kept under <see cref="RawArgumentsKey"/>, so client tools get it verbatim;
/// arguments that are not a JSON object leave <see cref="FunctionCallContent.Arguments"/> null and set
/// <see cref="FunctionCallContent.Exception"/>.
/// </summary>
public static class ProviderToolCalls
{
    /// <summary>Key in <see cref="AIContent.AdditionalProperties"/> of the raw arguments JSON text.</summary>
    public const string RawArgumentsKey = "openclaw.rawArguments";

    /// <summary>A tool's result for the provider; an error result carries an exception, which adapters report as <c>is_error</c>.</summary>
    public static FunctionResultContent Result(string callId, string text, bool isError) =>
        new(callId, text) { Exception = isError ? new InvalidOperationException(text) : null };

    /// <summary>Creates the call; empty arguments text means <c>{}</c>.</summary>
    public static FunctionCallContent Create(string callId, string name, string? rawArguments)
    {
        ArgumentNullException.ThrowIfNull(callId);
        ArgumentNullException.ThrowIfNull(name);
        var raw = string.IsNullOrWhiteSpace(rawArguments) ? "{}" : rawArguments;
        Dictionary<string, object?>? arguments = null;
        Exception? error = null;
        try
        {
            using var document = JsonDocument.Parse(raw);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                arguments = [];
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    arguments[property.Name] = property.Value.Clone();
                }
            }
            else
            {
                error = new JsonException("Tool call arguments must be a JSON object.");
            }
        }
        catch (JsonException ex)
        {
            error = ex;
        }

        return new FunctionCallContent(callId, name, arguments)
        {
            Exception = error,
            AdditionalProperties = new AdditionalPropertiesDictionary { [RawArgumentsKey] = raw },
        };
    }

    /// <summary>The arguments JSON text of a call: the raw text when kept, else the serialized dictionary.</summary>
    public static string RawArguments(FunctionCallContent call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.AdditionalProperties?.TryGetValue(RawArgumentsKey, out var raw) == true && raw is string text)
        {
            return text;
        }

        return call.Arguments is null ? "{}" : JsonSerializer.Serialize(call.Arguments, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>)));
    }

    /// <summary>A fresh tool call id for providers that send none (<c>call_&lt;hex&gt;</c>).</summary>
    public static string NewCallId() => "call_" + Guid.NewGuid().ToString("N")[..24];

    /// <summary>A tool result as the text sent to the model: strings as they are, anything else as JSON.</summary>
    public static string ResultText(FunctionResultContent result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Result switch
        {
            null => "",
            string text => text,
            JsonElement element => element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText(),
            var other => JsonSerializer.Serialize(other, AIJsonUtilities.DefaultOptions.GetTypeInfo(other.GetType())),
        };
    }

    /// <summary>
    /// Writes a call's arguments as a JSON object (Ollama's wire shape, the transcript's shape). Arguments the model
    /// got wrong (not an object) were never executed, so <c>{}</c> loses nothing and keeps the document valid.
    /// </summary>
    public static void WriteArgumentsObject(Utf8JsonWriter writer, string raw)
    {
        if (!TryWriteArgumentsObject(writer, raw))
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        }
    }

    /// <summary>Writes a call's arguments when they parse as a JSON object; otherwise writes nothing and returns false.</summary>
    public static bool TryWriteArgumentsObject(Utf8JsonWriter writer, string raw)
    {
        ArgumentNullException.ThrowIfNull(writer);
        try
        {
            using var document = JsonDocument.Parse(raw);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                document.RootElement.WriteTo(writer);
                return true;
            }
        }
        catch (JsonException)
        {
            // Not JSON: the caller writes its fallback.
        }

        return false;
    }
}
