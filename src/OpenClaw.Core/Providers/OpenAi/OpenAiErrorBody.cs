using System.Text;
using System.Text.Json;

namespace OpenClaw.Core.Providers.OpenAi;

/// <summary>Reads OpenAI-style error bodies: <c>{"error":{"message","code"}}</c> or <c>{"message"}</c>.</summary>
internal static class OpenAiErrorBody
{
    private const int MaxPlainTextChars = 500;

    /// <summary>The message the gateway keeps: <c>"&lt;status&gt; &lt;provider message&gt;"</c>, plus the code.</summary>
    public static (string Message, string? Code) Describe(int status, ReadOnlySpan<byte> body)
    {
        string? message = null;
        string? code = null;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("error"u8))
                    {
                        reader.Read();
                        (message, code) = ReadError(ref reader);
                    }
                    else if (reader.ValueTextEquals("message"u8) && message is null)
                    {
                        reader.Read();
                        message = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not JSON, or a string that is not valid UTF-8: the raw text (decoded leniently) is kept below.
            message = null;
        }

        if (string.IsNullOrWhiteSpace(message))
        {
            var text = Encoding.UTF8.GetString(body).Trim();
            message = text.Length == 0 ? "status code (no body)" : text.Length > MaxPlainTextChars ? text[..MaxPlainTextChars] : text;
        }

        return ($"{status} {message}", code);
    }

    /// <summary>Reads the value of an <c>error</c> property: an object with message/code, or a bare string.</summary>
    public static (string? Message, string? Code) ReadError(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return (reader.GetString(), null);
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return (null, null);
        }

        string? message = null;
        string? code = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
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
                reader.Read();
                reader.Skip();
            }
        }

        return (message, code);
    }
}
