using System.Text.Json.Nodes;

namespace OpenClaw.Core.Configuration;

/// <summary>
/// Tells whether a path's value comes from a file pulled in with <c>$include</c>. <c>config get/set/unset</c> work on
/// the top-level file only, so they refuse such paths and name the file to edit instead (agent-runtime.md §8.7).
/// </summary>
public static class ConfigIncludeProbe
{
    private const int MaxDepth = 10;

    /// <summary>
    /// The included file holding <paramref name="path"/>, or null when the top-level file holds it (or nothing does).
    /// With <paramref name="orAncestor"/>, a missing path is judged by its deepest existing ancestor instead: a new
    /// key under a section that lives in an included file belongs in that file too.
    /// Included files that are missing or malformed are skipped here; validation reports them.
    /// </summary>
    public static IncludedOrigin? Find(JsonObject root, ConfigPath path, string configPath, bool orAncestor = false)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(path);
        var file = Path.GetFullPath(configPath);
        for (var length = path.Segments.Count; length > 0; length--)
        {
            var prefix = path.Segments.Take(length).ToList();
            if (Origin(root, prefix, 0, file, depth: 0) is { } origin)
            {
                return origin == file ? null : new IncludedOrigin(origin, ConfigPath.Format(prefix));
            }

            if (!orAncestor)
            {
                break;
            }
        }

        return null;
    }

    private static string? Origin(JsonNode? node, IReadOnlyList<ConfigPathSegment> segments, int start, string file, int depth)
    {
        if (ConfigTree.TryGet(node, segments, start, out _))
        {
            return file;
        }

        if (depth > MaxDepth)
        {
            return null;
        }

        for (var i = start; i < segments.Count; i++)
        {
            if (node is JsonObject obj && obj.TryGetPropertyValue("$include", out var include))
            {
                foreach (var included in IncludedFiles(include, Path.GetDirectoryName(file)!))
                {
                    if (Parse(included) is { } content && Origin(content, segments, i, included, depth + 1) is { } origin)
                    {
                        return origin;
                    }
                }
            }

            if (!ConfigTree.TryChild(node, segments[i], out node))
            {
                return null;
            }
        }

        return null;
    }

    private static IEnumerable<string> IncludedFiles(JsonNode? include, string baseDir)
    {
        IEnumerable<JsonNode?> items = include is JsonArray array ? array : new[] { include };
        foreach (var item in items)
        {
            if (item is JsonValue value && value.TryGetValue(out string? name))
            {
                yield return Path.GetFullPath(Path.Combine(baseDir, name));
            }
        }
    }

    private static JsonNode? Parse(string file)
    {
        try
        {
            return Json5.Parse(File.ReadAllText(file));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Json5Exception)
        {
            return null;
        }
    }
}

/// <summary>Where an included value lives: the file, and the path (the one asked for, or its ancestor) found there.</summary>
public sealed record IncludedOrigin(string File, string Path);
