using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenClaw.Core.Json;

namespace OpenClaw.Core.Prompt;

/// <summary>The text of a chat message whose contents may mix <see cref="TextContent"/> and <see cref="Utf8TextContent"/>.</summary>
public static class PromptTexts
{
    /// <summary>All its text contents, in order, joined without a separator (as <see cref="ChatMessage.Text"/> joins them).</summary>
    public static PromptText Of(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!message.Contents.Any(c => c is Utf8TextContent))
        {
            return message.Text;
        }

        return PromptText.Concat([.. message.Contents.Select(c => c switch
        {
            Utf8TextContent utf8 => utf8.Text,
            TextContent { Text: var text } => (PromptText)text,
            _ => PromptText.Empty,
        })]);
    }

    /// <summary>The message's text as one string (for consumers that cannot take pieces).</summary>
    public static string StringOf(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Contents.Any(c => c is Utf8TextContent) ? Of(message).ToString() : message.Text;
    }

    /// <summary>The length of a text content in UTF-16 characters (what token estimates count), 0 for other contents.</summary>
    public static long EstimatedLength(AIContent content) => content switch
    {
        TextContent text => text.Text.Length,
        Utf8TextContent utf8 => utf8.Text.CharLength,
        _ => 0,
    };

    /// <summary>True when the message has any text.</summary>
    public static bool HasText(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Contents.Any(c => c is Utf8TextContent { Text.IsEmpty: false } || (c is TextContent { Text.Length: > 0 }));
    }

    /// <summary>Writes the message's text as one JSON string property, piece by piece when it holds UTF-8 pieces.</summary>
    public static void WriteText(Utf8JsonWriter writer, ReadOnlySpan<byte> propertyName, ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(message);
        if (message.Contents.Any(c => c is Utf8TextContent))
        {
            writer.WritePromptText(propertyName, Of(message));
        }
        else
        {
            writer.WriteLongString(propertyName, message.Text);
        }
    }
}
