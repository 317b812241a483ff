using System.Text;
using System.Text.Json;
using OpenClaw.Core.Json;

namespace OpenClaw.Core.Providers.OpenAi;

/// <summary>
/// Reads provider error bodies. Only a structured message is passed on: <c>{"error":{"message","code"}}</c> (OpenAI,
/// Anthropic with its <c>type</c>), <c>{"error":"…"}</c> (Ollama) or <c>{"message"}</c> (OpenAI-compatible servers such
/// as vLLM). Any other body (an HTML error page, plain text, JSON without a message) may come from whatever answers at
/// a wrong <c>baseUrl</c>: the caller gets a generic message and the body is kept for the log only.
/// </summary>
internal static class OpenAiErrorBody
{
    /// <summary>How much of an unstructured body is kept for the log.</summary>
    public const int MaxLoggedChars = 500;

    /// <summary>The message the gateway keeps, <c>"&lt;status&gt; &lt;provider message&gt;"</c>, the code, and an unstructured body.</summary>
    public static ProviderErrorText Describe(int status, ReadOnlySpan<byte> body)
    {
        string? message = null;
        string? code = null;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.NextProperty())
                {
                    if (reader.ValueTextEquals("error"u8))
                    {
                        (message, code) = ReadError(ref reader);
                    }
                    else if (reader.ValueTextEquals("message"u8) && message is null)
                    {
                        message = reader.ReadString();
                    }
                    else
                    {
                        reader.SkipValue();
                    }
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not JSON, or a string that is not valid UTF-8: not a message the provider meant for us.
            message = null;
            code = null;
        }

        if (!string.IsNullOrWhiteSpace(message))
        {
            return new ProviderErrorText($"{status} {message}", code);
        }

        var text = Encoding.UTF8.GetString(body).Trim();
        return text.Length == 0
            ? new ProviderErrorText($"{status} status code (no body)", null)
            : new ProviderErrorText($"{status} upstream returned HTTP {status}", null, text.Length > MaxLoggedChars ? text[..MaxLoggedChars] : text);
    }

    /// <summary>Reads the value of the current <c>error</c> property: an object with message/code, or a bare string.</summary>
    public static (string? Message, string? Code) ReadError(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return (reader.GetString(), null);
        }

        if (!reader.ExpectOrSkip(JsonTokenType.StartObject))
        {
            return (null, null);
        }

        string? message = null;
        string? code = null;
        while (reader.NextProperty())
        {
            if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                message = reader.TokenType == JsonTokenType.String ? reader.GetString() : message;
            }
            else if (reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                code = reader.TokenType switch
                {
                    JsonTokenType.String => reader.GetString(),
                    JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                    _ => null,
                };
            }
            else
            {
                reader.SkipValue();
            }
        }

        return (message, code);
    }
}

/// <summary>
/// A provider error as the gateway keeps it: <see cref="Message"/> and <see cref="Code"/> may be shown to clients;
/// <see cref="UnstructuredBody"/> (the start of a body that held no structured message) is for the log only.
/// </summary>
internal readonly record struct ProviderErrorText(string Message, string? Code, string? UnstructuredBody = null);
