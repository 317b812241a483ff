using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpenClaw.Testing;

/// <summary>The default behaviour: answer "echo: " plus the last user message, and count tokens as characters / 4.</summary>
internal static partial class FakeEcho
{
    public const string Prefix = "echo: ";

    /// <summary>The reply text for a chat request body (null or non-chat bodies echo nothing).</summary>
    public static string Reply(JsonDocument? request)
    {
        string? lastUser = null;
        foreach (var message in Messages(request))
        {
            if (message.TryGetProperty("role", out var role)
                && role.ValueKind == JsonValueKind.String
                && role.ValueEquals("user"))
            {
                lastUser = ContentText(message);
            }
        }

        // The gateway prefixes user turns with a "[Mon 2024-01-01 10:00 UTC] " envelope; echoing
        // it would make every assertion depend on the clock.
        return Prefix + TimestampEnvelope().Replace(lastUser ?? string.Empty, string.Empty, 1);
    }

    /// <summary>Splits on spaces, each word keeping its trailing space: "echo: ", "hello ", "world".</summary>
    public static IReadOnlyList<string> SplitWords(string text)
    {
        var words = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == ' ')
            {
                words.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            words.Add(text[start..]);
        }

        return words;
    }

    /// <summary>Total characters of every message's text content.</summary>
    private static int PromptChars(JsonDocument? request)
    {
        var total = 0;
        foreach (var message in Messages(request))
        {
            total += ContentText(message)?.Length ?? 0;
        }

        return total;
    }

    /// <summary>Characters / 4, rounded up, of the prompt and of the reply (content plus tool arguments).</summary>
    public static FakeUsage EstimateUsage(JsonDocument? request, IReadOnlyList<string> content, IReadOnlyList<FakeToolCall> toolCalls)
    {
        var replyChars = content.Sum(c => c.Length) + toolCalls.Sum(c => c.ArgumentsJson.Length);
        return new FakeUsage(Tokens(PromptChars(request)), Tokens(replyChars));
    }

    private static int Tokens(int chars) => (chars + 3) / 4;

    private static IEnumerable<JsonElement> Messages(JsonDocument? request)
    {
        if (request is { RootElement.ValueKind: JsonValueKind.Object }
            && request.RootElement.TryGetProperty("messages", out var messages)
            && messages.ValueKind == JsonValueKind.Array)
        {
            foreach (var message in messages.EnumerateArray())
            {
                if (message.ValueKind == JsonValueKind.Object)
                {
                    yield return message;
                }
            }
        }
    }

    /// <summary>A string content as is, or the text parts of an array content joined with newlines.</summary>
    private static string? ContentText(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content))
        {
            return null;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString();
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var builder = new StringBuilder();
        var first = true;
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object
                && part.TryGetProperty("type", out var type)
                && type.ValueKind == JsonValueKind.String
                && type.ValueEquals("text")
                && part.TryGetProperty("text", out var text)
                && text.ValueKind == JsonValueKind.String)
            {
                if (!first)
                {
                    builder.Append('\n');
                }

                builder.Append(text.GetString());
                first = false;
            }
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"^\[[A-Z][a-z]{2} \d{4}-\d{2}-\d{2} \d{2}:\d{2}[^\]]*\] ")]
    private static partial Regex TimestampEnvelope();
}
