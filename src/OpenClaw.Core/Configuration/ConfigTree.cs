using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenClaw.Core.Configuration;

/// <summary>
/// Reads and edits a parsed config object at a <see cref="ConfigPath"/> (<c>openclaw config get/set/unset</c>).
/// Edits create missing objects on the way; an array index may be at most one past the end, which appends.
/// </summary>
public static class ConfigTree
{
    /// <summary>Finds the value at <paramref name="path"/>; a present <c>null</c> counts as found.</summary>
    public static bool TryGet(JsonNode? root, ConfigPath path, out JsonNode? value) =>
        TryGet(root, path.Segments, 0, out value);

    /// <summary>Like <see cref="TryGet(JsonNode?, ConfigPath, out JsonNode?)"/>, from segment <paramref name="start"/> on.</summary>
    public static bool TryGet(JsonNode? root, IReadOnlyList<ConfigPathSegment> segments, int start, out JsonNode? value)
    {
        value = root;
        for (var i = start; i < segments.Count; i++)
        {
            if (!TryChild(value, segments[i], out value))
            {
                value = null;
                return false;
            }
        }

        return true;
    }

    /// <summary>The child of <paramref name="node"/> named by <paramref name="segment"/>, if it exists.</summary>
    public static bool TryChild(JsonNode? node, ConfigPathSegment segment, out JsonNode? child)
    {
        child = null;
        return segment.IsIndex
            ? node is JsonArray array && segment.Index < array.Count && (child = array[segment.Index]) is var _
            : node is JsonObject obj && obj.TryGetPropertyValue(segment.Key!, out child);
    }

    /// <summary>Stores <paramref name="value"/> at <paramref name="path"/>, creating objects (and a first array element) on the way.</summary>
    /// <exception cref="ConfigException">A value on the way has the wrong type, or an index is past the end.</exception>
    public static void Set(JsonObject root, ConfigPath path, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(path);
        var segments = path.Segments;
        JsonNode parent = root;
        for (var i = 0; i < segments.Count; i++)
        {
            var last = i == segments.Count - 1;
            var child = last ? value : null;
            if (!last)
            {
                TryChild(parent, segments[i], out var existing);
                child = existing ?? (segments[i + 1].IsIndex ? new JsonArray() : new JsonObject());
            }

            Store(parent, segments, i, child);
            parent = child!;
        }
    }

    /// <summary>Removes the key or array element at <paramref name="path"/> (later elements move up).</summary>
    /// <returns>False when nothing was there.</returns>
    public static bool Remove(JsonObject root, ConfigPath path)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(path);
        var segments = path.Segments;
        if (!TryGet(root, segments.Take(segments.Count - 1).ToList(), 0, out var parent))
        {
            return false;
        }

        var segment = segments[^1];
        switch (parent)
        {
            case JsonObject obj when !segment.IsIndex:
                return obj.Remove(segment.Key!);
            case JsonArray array when segment.IsIndex && segment.Index < array.Count:
                array.RemoveAt(segment.Index);
                return true;
            default:
                return false;
        }
    }

    private static void Store(JsonNode parent, IReadOnlyList<ConfigPathSegment> segments, int i, JsonNode? child)
    {
        var segment = segments[i];
        switch (parent)
        {
            case JsonObject obj when !segment.IsIndex:
                if (!ReferenceEquals(obj[segment.Key!], child) || child is null)
                {
                    obj[segment.Key!] = child;
                }

                break;
            case JsonArray array when segment.IsIndex:
                if (segment.Index < array.Count)
                {
                    if (!ReferenceEquals(array[segment.Index], child) || child is null)
                    {
                        array[segment.Index] = child;
                    }
                }
                else if (segment.Index == array.Count)
                {
                    array.Add(child);
                }
                else
                {
                    throw new ConfigException(
                        $"{Describe(segments, i + 1)} is past the end of {Describe(segments, i)} ({array.Count} items); " +
                        $"use [{array.Count}] to append");
                }

                break;
            default:
                var expected = segment.IsIndex ? "an array" : "an object";
                var hint = segment.IsIndex ? "" : parent is JsonArray ? $"; use an index, e.g. {Describe(segments, i)}[0]" : "";
                throw new ConfigException($"{Describe(segments, i)} is {KindOf(parent)}, not {expected}{hint}");
        }
    }

    private static string Describe(IReadOnlyList<ConfigPathSegment> segments, int count) =>
        count == 0 ? "the config root" : ConfigPath.Format(segments.Take(count));

    private static string KindOf(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
