using System.Buffers;
using System.Text;
using System.Text.Json;
using OpenClaw.Core.Images;

namespace OpenClaw.Core.Tools;

/// <summary><c>read</c>: a page of a UTF-8 text file, or an image file as an image (agent-runtime.md §5.7).</summary>
internal sealed class ReadTool(ToolHostSettings host) : AgentToolBase
{
    public const int MaxLines = 2000;
    public const int MaxBytes = 50 * 1024;

    /// <summary>The largest image attached; the gateway's own image inputs stop at the same 10 MiB.</summary>
    public const long MaxImageBytes = 10 * 1024 * 1024;

    /// <summary>The types returned as an image block (agent-runtime.md §5.7); any other file is read as text.</summary>
    private static readonly string[] ImageTypes = ["image/png", "image/jpeg", "image/gif", "image/webp"];

    private static readonly JsonElement Schema = ParseSchema("""
        {
          "type": "object",
          "properties": {
            "path": { "type": "string", "description": "File path; relative/absolute." },
            "offset": { "type": "integer", "minimum": 1, "description": "Start line; 1-based." },
            "limit": { "type": "number", "description": "Max lines." }
          },
          "required": ["path"]
        }
        """);

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public override string Name => "read";

    public override string Description =>
        $"Read text/image file (jpg/png/gif/webp); images attach to model context. Text caps {MaxLines} lines or {MaxBytes / 1024}KB. Continue with offset/limit.";

    public override JsonElement ParametersSchema => Schema;

    protected override async Task<ToolResult> RunAsync(ToolArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        var path = arguments.RequiredPath("path");
        var offset = arguments.OptionalInteger("offset", 1) ?? 1;
        var limit = Math.Min(arguments.OptionalInteger("limit", 1) ?? MaxLines, MaxLines);
        var file = WorkspacePath.Resolve(context.WorkspaceDir, path, host.FsWorkspaceOnly).FullPath;
        if (Directory.Exists(file))
        {
            return Failed($"Read requires a file path, but {path} is a directory. List the directory, then read a specific file.");
        }

        var info = new FileInfo(file);
        if (!info.Exists)
        {
            return Failed($"File not found: {path}");
        }

        // Not opened: opening a FIFO blocks until a writer comes, and devices report no size either.
        if (info.Length == 0)
        {
            return new ToolResult("File is empty (0 bytes).");
        }

        var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            var header = new byte[ImageSniffer.HeaderLength];
            var headerLength = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (ImageSniffer.Sniff(header.AsSpan(0, headerLength)) is { } mimeType && ImageTypes.Contains(mimeType))
            {
                return await ReadImageAsync(stream, mimeType, context.ModelAcceptsImages, cancellationToken).ConfigureAwait(false);
            }

            stream.Position = 0;
            return await ReadTextAsync(stream, offset, limit, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<ToolResult> ReadImageAsync(FileStream stream, string mimeType, bool modelAcceptsImages, CancellationToken cancellationToken)
    {
        if (!modelAcceptsImages)
        {
            return new ToolResult($"Read image file [{mimeType}]\n[Current model does not support images. The image will be omitted from this request.]");
        }

        if (stream.Length > MaxImageBytes)
        {
            return Failed($"Image file is too large to attach: {stream.Length} bytes (limit {MaxImageBytes}).");
        }

        var bytes = new byte[stream.Length];
        stream.Position = 0;
        var read = await stream.ReadAtLeastAsync(bytes, bytes.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        return new ToolResult($"Read image file [{mimeType}]")
        {
            Images = [new ToolImage(mimeType, Convert.ToBase64String(bytes, 0, read))],
        };
    }

    private static async Task<ToolResult> ReadTextAsync(FileStream stream, int offset, int limit, CancellationToken cancellationToken)
    {
        var window = new ReadTextWindow(offset, limit, MaxBytes);
        using var reader = new StreamReader(stream, Utf8, detectEncodingFromByteOrderMarks: true, bufferSize: 16 * 1024, leaveOpen: true);
        var buffer = ArrayPool<char>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
            {
                window.Append(buffer.AsSpan(0, read));
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }

        window.Complete();
        if (window.TotalLines == 0)
        {
            return new ToolResult($"File contains no readable text ({stream.Length} bytes).");
        }

        if (offset > window.TotalLines)
        {
            return Failed($"Offset {offset} is beyond end of file ({window.TotalLines} lines total).");
        }

        var text = new StringBuilder(window.Page);
        if (window.LineCut)
        {
            text.Append($"\n\n[Line {window.FirstLine} is longer than {MaxBytes / 1024} KB; only its first {MaxBytes / 1024} KB are shown.]");
        }

        if (window.LastLine < window.TotalLines)
        {
            text.Append($"\n\n[Showing lines {window.FirstLine}-{window.LastLine} of {window.TotalLines}. Use offset={window.LastLine + 1} to continue.]");
        }

        return new ToolResult(text.ToString());
    }
}
