using System.IO.Enumeration;
using System.Text;
using System.Text.Json;

namespace OpenClaw.Core.Tools;

/// <summary>
/// <c>ls</c>: one page of a directory's entries in ordinal name order, dotfiles included, JSON-quoted, with a cursor
/// for the next page (agent-runtime.md §5.7).
/// </summary>
internal sealed class LsTool(ToolHostSettings host) : AgentToolBase
{
    public const int DefaultLimit = 500;

    /// <summary>A page stops at 50 KB even below the entry limit, as the original's does.</summary>
    public const int MaxBytes = 50 * 1024;

    private static readonly JsonElement Schema = ParseSchema("""
        {
          "type": "object",
          "properties": {
            "path": { "type": "string", "description": "Directory; default cwd." },
            "limit": { "type": "number", "description": "Max entries; default 500." },
            "after": { "type": "string", "description": "Filename cursor returned by the previous page." }
          }
        }
        """);

    private static readonly EnumerationOptions AllEntries = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = true,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    public override string Name => "ls";

    public override string Description =>
        "List directory entries in binary filename order, including dotfiles and links. Names are JSON-quoted; / marks actual directories. Pass the returned after cursor with the same path to continue.";

    public override JsonElement ParametersSchema => Schema;

    protected override Task<ToolResult> RunAsync(ToolArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        var path = arguments.OptionalString("path") is { Length: > 0 } given ? given : ".";
        var limit = arguments.OptionalInteger("limit", 1) ?? DefaultLimit;
        var after = arguments.OptionalString("after");
        var directory = WorkspacePath.Resolve(context.WorkspaceDir, path, host.FsWorkspaceOnly).FullPath;
        if (!Directory.Exists(directory))
        {
            return Task.FromResult(Failed(
                File.Exists(directory) ? $"Not a directory: {path}" : $"Directory not found: {path}"));
        }

        // A symlink to a directory is listed without the slash: "/ marks actual directories".
        var entries = new FileSystemEnumerable<(string Name, bool IsDirectory)>(
                directory,
                (ref FileSystemEntry entry) => (entry.FileName.ToString(), entry.IsDirectory && (entry.Attributes & FileAttributes.ReparsePoint) == 0),
                AllEntries)
            .Where(entry => after is null || string.CompareOrdinal(entry.Name, after) > 0)
            .ToList();
        cancellationToken.ThrowIfCancellationRequested();
        if (entries.Count == 0)
        {
            return Task.FromResult(new ToolResult("(empty directory)"));
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return Task.FromResult(new ToolResult(Page(entries, limit)));
    }

    private static string Page(List<(string Name, bool IsDirectory)> entries, int limit)
    {
        var page = new StringBuilder();
        var bytes = 0;
        var shown = 0;
        while (shown < entries.Count && shown < limit)
        {
            var line = (shown > 0 ? "\n" : "") + JsonQuote.Quote(entries[shown].Name + (entries[shown].IsDirectory ? "/" : ""));
            var lineBytes = Encoding.UTF8.GetByteCount(line);

            // Room is kept for the cursor line that follows when this entry turns out to be the page's last.
            var cursorBytes = shown + 1 < entries.Count ? Encoding.UTF8.GetByteCount(CursorLine(entries[shown].Name)) : 0;
            if (shown > 0 && bytes + lineBytes + cursorBytes > MaxBytes)
            {
                break;
            }

            page.Append(line);
            bytes += lineBytes;
            shown++;
        }

        return shown < entries.Count ? page.Append(CursorLine(entries[shown - 1].Name)).ToString() : page.ToString();
    }

    private static string CursorLine(string lastName) => "\nafter: " + JsonQuote.Quote(lastName);
}
