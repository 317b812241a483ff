using System.Text.Json;
using OpenClaw.Core.Json;

namespace OpenClaw.Gateway.OpenResponses;

/// <summary>
/// The members of one JSON object as the original's parser sees them: names read leniently (invalid text becomes
/// U+FFFD), a repeated name keeps its last value.
/// </summary>
internal sealed class JsonFields
{
    private readonly Dictionary<string, JsonElement> _values = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];

    private JsonFields()
    {
    }

    /// <summary>The distinct names, in order of first appearance.</summary>
    public IReadOnlyList<string> Names => _names;

    public IEnumerable<(string Name, JsonElement Value)> All => _names.Select(n => (n, _values[n]));

    public int Count => _names.Count;

    public static JsonFields Of(JsonElement obj)
    {
        var fields = new JsonFields();
        foreach (var property in obj.EnumerateObject())
        {
            var name = JsonText.GetLenientName(property);
            if (!fields._values.ContainsKey(name))
            {
                fields._names.Add(name);
            }

            fields._values[name] = property.Value;
        }

        return fields;
    }

    public bool Has(string name) => _values.ContainsKey(name);

    public JsonElement? Get(string name) => _values.TryGetValue(name, out var value) ? value : null;

    /// <summary>The string value of <paramref name="name"/> (leniently decoded), or null when absent or not a string.</summary>
    public string? String(string name) =>
        Get(name) is { ValueKind: JsonValueKind.String } value ? JsonText.GetLenientString(value) : null;
}
