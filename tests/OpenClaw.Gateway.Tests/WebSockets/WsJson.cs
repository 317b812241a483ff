using System.Text.Json;

namespace OpenClaw.Gateway.Tests.WebSockets;

/// <summary>Terse, null-tolerant reads of received frames, so a missing key fails an assertion instead of throwing.</summary>
internal static class WsJson
{
    /// <summary>All six operator scopes (http-api.md §3.5).</summary>
    public static readonly string[] AllOperatorScopes =
        ["operator.admin", "operator.read", "operator.write", "operator.approvals", "operator.pairing", "operator.talk.secrets"];

    public static string? Str(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static bool? Bool(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : null;

    public static long? Long(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetInt64()
            : null;

    public static bool Has(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out _);

    public static List<string> Keys(this JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    public static List<JsonElement> Items(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray()]
            : [];

    public static List<string?> Strings(this JsonElement element, string name) =>
        [.. element.Items(name).Select(i => i.ValueKind == JsonValueKind.String ? i.GetString() : i.GetRawText())];

    /// <summary>The <c>error</c> object of a failed response.</summary>
    public static JsonElement Error(this JsonElement response)
    {
        response.Bool("ok").Should().BeFalse($"the response is an error, got {response.GetRawText()}");
        return response.GetProperty("error");
    }

    /// <summary>The text of the first text block of a chat message (<c>{role, content:[{type:"text", text}]}</c>).</summary>
    public static string? MessageText(this JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content))
        {
            return null;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString();
        }

        return content.ValueKind == JsonValueKind.Array
            ? string.Concat(content.EnumerateArray().Where(b => b.Str("type") == "text").Select(b => b.Str("text")))
            : null;
    }

    /// <summary>Every listed key is present, and they appear in this relative order (extra keys are allowed).</summary>
    public static void ShouldHaveKeysInOrder(this JsonElement element, params string[] keys)
    {
        var actual = element.Keys();
        actual.Should().Contain(keys, $"required keys of {element.GetRawText()}");
        actual.Where(keys.Contains).Should().Equal(keys, "the keys are sent in the spec's order");
    }

    /// <summary>Every key belongs to <paramref name="allowed"/> and they appear in its order (absent keys omitted).</summary>
    public static void ShouldUseKeyOrderOf(this JsonElement element, params string[] allowed)
    {
        var actual = element.Keys();
        actual.Should().BeSubsetOf(allowed, $"only these keys are defined for {element.GetRawText()}");
        actual.Should().Equal(allowed.Where(actual.Contains), "keys are sent in the spec's order");
    }

    /// <summary>Truncates to at most <paramref name="maxBytes"/> UTF-8 bytes without splitting a character (§7).</summary>
    public static string TruncateUtf8(string text, int maxBytes = 123)
    {
        var result = text;
        while (System.Text.Encoding.UTF8.GetByteCount(result) > maxBytes)
        {
            result = result[..^1];
        }

        return result;
    }
}
