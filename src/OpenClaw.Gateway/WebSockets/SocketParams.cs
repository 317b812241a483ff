using System.Text.Json;
using OpenClaw.Core.Json;

namespace OpenClaw.Gateway.WebSockets;

/// <summary>
/// Reads a method's params; violations become <c>INVALID_REQUEST "invalid &lt;method&gt; params: &lt;detail&gt;"</c>
/// with Ajv-style details (gateway-protocol.md §4.1). Unknown keys are ignored. Property names were checked with the
/// frame (<see cref="SocketRequest.ParamsFault"/>); strings are read through <see cref="JsonText"/>.
/// </summary>
internal readonly struct SocketParams(string method, JsonElement element)
{
    public JsonElement Element => element;

    public SocketRequestException Invalid(string detail) => SocketRequestException.Invalid($"invalid {method} params: {detail}");

    public void RequireObject()
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("must be object");
        }
    }

    public bool Has(string name) => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out _);

    /// <summary>True when the key is present with <c>null</c> (sessions.patch clears such fields).</summary>
    public bool IsNull(string name) => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Null;

    public string RequiredString(string name, bool nonEmpty = true)
    {
        RequireObject();
        if (!element.TryGetProperty(name, out _))
        {
            throw Invalid($"must have required property '{name}'");
        }

        var value = String(name)!;
        if (nonEmpty && value.Length == 0)
        {
            throw Invalid($"/{name} must NOT have fewer than 1 characters");
        }

        return value;
    }

    public string? String(string name)
    {
        RequireObject();
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? Text(value, name) : throw Invalid($"/{name} must be string");
    }

    /// <summary>
    /// Message text: a string whose lone surrogates (and invalid UTF-8) become U+FFFD, as the original takes it;
    /// null when absent or null.
    /// </summary>
    public string? LenientString(string name)
    {
        RequireObject();
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? JsonText.GetLenientString(value) : throw Invalid($"/{name} must be string");
    }

    /// <summary>The string value; text that is not valid (a lone surrogate escape) is invalid input, not a crash.</summary>
    private string Text(JsonElement value, string name) =>
        JsonText.TryGetString(value, out var text) ? text : throw Invalid($"/{name} must be valid text ({JsonText.Fault})");

    public long? Integer(string name, long min = long.MinValue, long max = long.MaxValue)
    {
        RequireObject();
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || number != Math.Floor(number))
        {
            throw Invalid($"/{name} must be integer");
        }

        if (number < min)
        {
            throw Invalid($"/{name} must be >= {min}");
        }

        if (number > max)
        {
            throw Invalid($"/{name} must be <= {max}");
        }

        return (long)number;
    }

    public bool? Boolean(string name)
    {
        RequireObject();
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid($"/{name} must be boolean"),
        };
    }

    public string? OneOf(string name, IReadOnlyCollection<string> allowed)
    {
        var value = String(name);
        return value is null || allowed.Contains(value) ? value : throw Invalid($"/{name} must be equal to one of the allowed values");
    }

    public IReadOnlyList<string> StringList(string name, bool required = false)
    {
        RequireObject();
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? throw Invalid($"must have required property '{name}'") : [];
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String))
        {
            throw Invalid($"/{name} must be array of strings");
        }

        var self = this;
        return [.. value.EnumerateArray().Select(item => self.Text(item, name))];
    }
}
