using System.Text.Json;
using OpenClaw.Core.Tools;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Support;

/// <summary>
/// A temp folder with a workspace (<c>ws</c>) and a sibling outside it (<c>outside</c>), and a way to call a tool
/// there with arguments written as JSON.
/// </summary>
internal sealed class ToolWorkspace : IDisposable
{
    private readonly TempDirectory _temp = new();

    public ToolWorkspace(bool modelAcceptsImages = true)
    {
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Outside);
        Context = new ToolContext(Root, "main", "agent:main:main", "run-1", modelAcceptsImages);
    }

    public string Root => _temp.Combine("ws");

    public string Outside => _temp.Combine("outside");

    public ToolContext Context { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public string Write(string relative, string content) => _temp.Write(Path.Combine("ws", relative), content);

    public string Read(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>Creates a named pipe (Unix only); opening it for reading would block until a writer comes.</summary>
    public string MakeFifo(string relative)
    {
        var path = PathOf(relative);
        using var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        return path;
    }

    public Task<ToolResult> RunAsync(IAgentTool tool, string argumentsJson, CancellationToken cancellationToken = default)
    {
        using var document = JsonDocument.Parse(argumentsJson);
        return tool.ExecuteAsync(document.RootElement.Clone(), Context, cancellationToken);
    }

    public void Dispose() => _temp.Dispose();
}

/// <summary>Arguments as JSON without escaping by hand.</summary>
internal static class Args
{
    public static string Of(params (string Name, object? Value)[] properties)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in properties)
            {
                writer.WritePropertyName(name);
                WriteValue(writer, value);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case int i: writer.WriteNumberValue(i); break;
            case double d: writer.WriteNumberValue(d); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case IEnumerable<(string, string)> edits:
                writer.WriteStartArray();
                foreach (var (oldText, newText) in edits)
                {
                    writer.WriteStartObject();
                    writer.WriteString("oldText", oldText);
                    writer.WriteString("newText", newText);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                break;
            case IEnumerable<KeyValuePair<string, string>> map:
                writer.WriteStartObject();
                foreach (var (key, text) in map)
                {
                    writer.WriteString(key, text);
                }

                writer.WriteEndObject();
                break;
            default: throw new ArgumentException($"unsupported value {value.GetType()}", nameof(value));
        }
    }
}

/// <summary>A fact that needs symbolic links; skipped where the platform or account cannot create them.</summary>
internal sealed class SymlinkFactAttribute : FactAttribute
{
    private static readonly Lazy<bool> Supported = new(Probe);

    public SymlinkFactAttribute()
    {
        if (!Supported.Value)
        {
            Skip = "this platform or account cannot create symbolic links (Windows without Developer Mode)";
        }
    }

    private static bool Probe()
    {
        using var temp = new TempDirectory();
        try
        {
            File.CreateSymbolicLink(temp.Combine("link"), temp.Combine("target"));
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return false;
        }
    }
}

/// <summary>A fact whose commands are POSIX shell; skipped on Windows, where exec runs cmd.exe.</summary>
internal sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "exec runs /bin/sh only on Unix";
        }
    }
}
