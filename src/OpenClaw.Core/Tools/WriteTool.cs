using System.Text;
using System.Text.Json;

namespace OpenClaw.Core.Tools;

/// <summary><c>write</c>: creates or overwrites a file, creating parent directories (agent-runtime.md §5.7).</summary>
internal sealed class WriteTool(ToolHostSettings host) : AgentToolBase
{
    private static readonly JsonElement Schema = ParseSchema("""
        {
          "type": "object",
          "properties": {
            "path": { "type": "string", "description": "File path; relative/absolute." },
            "content": { "type": "string", "description": "File content." }
          },
          "required": ["path", "content"]
        }
        """);

    public override string Name => "write";

    public override string Description => "Write/overwrite file; creates parent directories.";

    public override JsonElement ParametersSchema => Schema;

    protected override async Task<ToolResult> RunAsync(ToolArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        var path = arguments.RequiredPath("path");
        var content = arguments.RequiredString("content");
        var target = WorkspacePath.Resolve(context.WorkspaceDir, path, host.FsWorkspaceOnly);
        if (Directory.Exists(target.RealPath))
        {
            return Failed($"Cannot write {path}: it is a directory.");
        }

        // The real path: parents are created where they will really be, and the rename in AtomicFile replaces the
        // file a symlink points to, not the link.
        Directory.CreateDirectory(Path.GetDirectoryName(target.RealPath)!);
        var bytes = Encoding.UTF8.GetBytes(content);
        await AtomicFile.WriteAsync(target.RealPath, bytes, cancellationToken).ConfigureAwait(false);
        return new ToolResult($"Successfully wrote {bytes.Length} bytes to {path}");
    }
}
