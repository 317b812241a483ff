using System.Globalization;
using System.Text.Json;

namespace OpenClaw.Core.Tools;

/// <summary>
/// Typed reads from the argument object the model produced. A missing or wrong-typed parameter throws
/// <see cref="ToolArgumentException"/>; an explicit <c>null</c> counts as absent, as models send it for optional ones.
/// </summary>
internal readonly struct ToolArguments
{
    private readonly JsonElement _object;

    private ToolArguments(JsonElement obj) => _object = obj;

    public static ToolArguments From(JsonElement arguments) => arguments.ValueKind == JsonValueKind.Object
        ? new ToolArguments(arguments)
        : throw new ToolArgumentException($"expected an object, received {KindName(arguments)}");

    /// <summary>The parameter's value, or null when it is absent or null.</summary>
    public JsonElement? Get(string name) =>
        _object.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public string RequiredString(string name) =>
        OptionalString(name) ?? throw new ToolArgumentException($"missing required parameter '{name}'");

    public string? OptionalString(string name) => Get(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString()!,
        { } value => throw WrongType(name, "a string", value),
    };

    /// <summary>A non-empty path without NUL characters.</summary>
    public string RequiredPath(string name) =>
        OptionalPath(name) ?? throw new ToolArgumentException($"missing required parameter '{name}'");

    public string? OptionalPath(string name) => OptionalString(name) switch
    {
        null => null,
        var path when string.IsNullOrWhiteSpace(path) => throw new ToolArgumentException($"'{name}' must not be empty"),
        var path when path.Contains('\0', StringComparison.Ordinal) => throw new ToolArgumentException($"'{name}' must not contain NUL characters"),
        var path => path,
    };

    /// <summary>A whole number of at least <paramref name="min"/> (<c>5.0</c> counts as 5).</summary>
    public int? OptionalInteger(string name, int min)
    {
        if (Get(name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            throw WrongType(name, $"an integer >= {min}", value);
        }

        if (!value.TryGetDouble(out var number) || number % 1 != 0 || number < min)
        {
            throw new ToolArgumentException($"'{name}' must be an integer >= {min}, received {value.GetRawText()}");
        }

        return number > int.MaxValue ? int.MaxValue : (int)number;
    }

    /// <summary>A number greater than zero.</summary>
    public double? OptionalPositiveNumber(string name)
    {
        if (Get(name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            throw WrongType(name, "a number > 0", value);
        }

        return value.TryGetDouble(out var number) && number > 0
            ? number
            : throw new ToolArgumentException($"'{name}' must be a number > 0, received {value.GetRawText()}");
    }

    /// <summary>An object whose values are all strings, in the order given.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? OptionalStringMap(string name)
    {
        if (Get(name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw WrongType(name, "an object of strings", value);
        }

        var result = new List<KeyValuePair<string, string>>();
        foreach (var property in value.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw WrongType($"{name}.{property.Name}", "a string", property.Value);
            }

            result.Add(new(property.Name, property.Value.GetString()!));
        }

        return result;
    }

    public static ToolArgumentException WrongType(string name, string expected, JsonElement value) =>
        new($"'{name}' must be {expected}, received {KindName(value)}");

    public static string KindName(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    public static string Format(double number) => number.ToString(CultureInfo.InvariantCulture);
}
