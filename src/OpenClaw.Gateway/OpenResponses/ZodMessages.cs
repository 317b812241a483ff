using System.Globalization;
using System.Text.Json;

namespace OpenClaw.Gateway.OpenResponses;

/// <summary>
/// The reason texts of the original's schema errors (zod v4), so that a 400 names the field the way the original
/// does (http-api.md §6.2): <c>&lt;path&gt;: &lt;reason&gt;</c>.
/// </summary>
internal static class ZodMessages
{
    public const string InvalidInput = "Invalid input";

    public static string At(string path, string reason) => path + ": " + reason;

    /// <summary><c>Invalid input: expected string, received number</c>; a missing value is <c>undefined</c>.</summary>
    public static string Expected(string expected, JsonElement? value) => $"Invalid input: expected {expected}, received {Received(value)}";

    public static string ExpectedLiteral(string literal) => $"Invalid input: expected \"{literal}\"";

    public static string InvalidOption(params string[] options) =>
        "Invalid option: expected one of " + string.Join('|', options.Select(o => $"\"{o}\""));

    public static string TooBig(double max, bool inclusive = true) => $"Too big: expected number to be {(inclusive ? "<=" : "<")}{Number(max)}";

    public static string TooSmall(double min, bool inclusive) => $"Too small: expected number to be {(inclusive ? ">=" : ">")}{Number(min)}";

    public static string Unrecognized(IReadOnlyList<string> keys) => keys.Count == 1
        ? $"Unrecognized key: \"{keys[0]}\""
        : "Unrecognized keys: " + string.Join(", ", keys.Select(k => $"\"{k}\""));

    /// <summary>zod's name for what it was given.</summary>
    public static string Received(JsonElement? value) => value?.ValueKind switch
    {
        null or JsonValueKind.Undefined => "undefined",
        JsonValueKind.Null => "null",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Array => "array",
        _ => "object",
    };

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}
