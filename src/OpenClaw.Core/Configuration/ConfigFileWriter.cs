using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenClaw.Core.Configuration;

/// <summary>
/// Writes the config file atomically: a temp file in the same directory, then a rename over the original, so the
/// gateway's hot reload never sees half a file. The text is 2-space JSON with a trailing newline; comments and
/// <c>$include</c> structure of the old text are not kept (agent-runtime.md §8.7).
/// </summary>
public static class ConfigFileWriter
{
    // A new config may hold tokens and API keys: owner read/write only.
    private const UnixFileMode NewFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",
        // The file is read by people and by JSON parsers, not embedded in HTML: keep '+', '<', non-ASCII as they are.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The text a config node is written as (also what <c>config get</c> prints for objects and arrays).</summary>
    /// <exception cref="ConfigException">The node holds Infinity or NaN, which JSON cannot represent.</exception>
    public static string Serialize(JsonNode? node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            try
            {
                if (node is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    node.WriteTo(writer);
                }
            }
            catch (ArgumentException ex)
            {
                throw new ConfigException($"the value cannot be written as JSON: {ex.Message}", ex);
            }
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// Writes <paramref name="root"/> to <paramref name="path"/> (following a symlink to its target), creating the
    /// directory if needed. <paramref name="check"/> runs against the finished temp file before the rename; if it
    /// throws, the temp file is deleted and the original is untouched.
    /// </summary>
    public static void Write(string path, JsonObject root, Action<string>? check = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(root);
        var target = Path.GetFullPath(File.Exists(path) ? File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path : path);
        var directory = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(directory);
        var bytes = System.Text.Encoding.UTF8.GetBytes(Serialize(root) + "\n");
        var temp = Path.Combine(directory, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        var mode = NewFileMode;
        if (!OperatingSystem.IsWindows())
        {
            mode = File.Exists(target) ? File.GetUnixFileMode(target) : NewFileMode;
            options.UnixCreateMode = mode & NewFileMode;
        }

        try
        {
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            // The create mode is only ever narrower (umask, and no secrets readable before the rename); now the exact mode.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, mode);
            }

            check?.Invoke(temp);
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
