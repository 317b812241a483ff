using System.Collections.Concurrent;

namespace OpenClaw.Core.Prompt;

/// <summary>Creates agent workspaces on first use and reads their bootstrap files (agent-runtime.md §4.1, §4.2).</summary>
public sealed class WorkspaceManager
{
    private readonly ConcurrentDictionary<string, byte> _ensured = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CachedFile> _files = new(StringComparer.Ordinal);

    /// <summary>Creates <paramref name="directory"/> and seeds the templates when it is new; existing files stay.</summary>
    public void Ensure(string directory, bool skipBootstrap)
    {
        if (_ensured.ContainsKey(directory))
        {
            return;
        }

        var isNew = !Directory.Exists(directory) || !Directory.EnumerateFileSystemEntries(directory).Any();
        Directory.CreateDirectory(directory);
        if (!skipBootstrap)
        {
            foreach (var (name, content) in BootstrapFiles.Templates)
            {
                var path = Path.Combine(directory, name);
                if ((name != "BOOTSTRAP.md" || isNew) && !File.Exists(path))
                {
                    WriteNew(path, content);
                }
            }
        }

        _ensured.TryAdd(directory, 0);
    }

    /// <summary>
    /// Non-blank bootstrap files in prompt order, each cut at <paramref name="maxChars"/>, within the total cap.
    /// File contents are cached and re-read only when a file's size or modification time changes, so a run costs
    /// one stat per file.
    /// </summary>
    public IReadOnlyList<(string Path, string Content)> ReadBootstrap(string directory, int maxChars, int totalMaxChars)
    {
        var files = new List<(string, string)>();
        var remaining = totalMaxChars;
        foreach (var name in BootstrapFiles.PromptOrder)
        {
            var path = Path.Combine(directory, name);
            var content = ReadCached(path);
            if (content is null && name == "MEMORY.md")
            {
                path = Path.Combine(directory, "memory.md");
                content = ReadCached(path);
            }

            if (string.IsNullOrWhiteSpace(content) || remaining <= 0)
            {
                continue;
            }

            var limit = Math.Min(maxChars, remaining);
            if (content.Length > limit)
            {
                content = content[..limit] + $"\n[…truncated, read {name} for the full content]";
            }

            remaining -= Math.Min(content.Length, remaining);
            files.Add((path, content));
        }

        return files;
    }

    /// <summary>The file's text, or null when it does not exist or cannot be read.</summary>
    private string? ReadCached(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return null;
        }

        var stamp = (info.LastWriteTimeUtc, info.Length);
        if (_files.TryGetValue(path, out var cached) && cached.Stamp == stamp)
        {
            return cached.Content;
        }

        try
        {
            var content = File.ReadAllText(path);
            _files[path] = new CachedFile(stamp, content);
            return content;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void WriteNew(string path, string content)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            using var writer = new StreamWriter(stream);
            writer.Write(content);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another run seeded it first; existing files are never overwritten.
        }
    }

    private sealed record CachedFile((DateTime WrittenAt, long Length) Stamp, string Content);
}
