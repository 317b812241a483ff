using System.Text;
using System.Text.Json;

namespace OpenClaw.Core.Tools;

/// <summary>
/// <c>edit</c>: exact-text replacements in one file, all matched against the original content and written together
/// or not at all (agent-runtime.md §5.7).
/// </summary>
internal sealed class EditTool(ToolHostSettings host) : AgentToolBase
{
    private static readonly JsonElement Schema = ParseSchema("""
        {
          "type": "object",
          "properties": {
            "path": { "type": "string", "description": "File path; relative/absolute." },
            "edits": {
              "type": "array",
              "description": "Targeted replacements against original file; no overlap/nesting. Merge nearby changes.",
              "items": {
                "type": "object",
                "properties": {
                  "oldText": { "type": "string", "description": "Exact original text; unique and non-overlapping in this call." },
                  "newText": { "type": "string", "description": "Replacement text." }
                },
                "required": ["oldText", "newText"]
              }
            }
          },
          "required": ["path", "edits"]
        }
        """);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public override string Name => "edit";

    public override string Description =>
        "Exact single-file replacements. oldText unique/non-overlapping against original. Merge nearby changes; omit large unchanged spans.";

    /// <summary>Files beyond this are refused (10 MiB).</summary>
    internal const long MaxEditBytes = 10L * 1024 * 1024;

    public override JsonElement ParametersSchema => Schema;

    protected override async Task<ToolResult> RunAsync(ToolArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        var path = arguments.RequiredPath("path");
        var edits = ReadEdits(arguments);
        var target = WorkspacePath.Resolve(context.WorkspaceDir, path, host.FsWorkspaceOnly);
        if (Directory.Exists(target.RealPath))
        {
            return Failed($"Cannot edit {path}: it is a directory.");
        }

        if (!File.Exists(target.RealPath))
        {
            return Failed($"File not found: {path}");
        }

        // The whole file is held several times over while it is edited: a large one would cost the gateway its memory.
        var length = new FileInfo(target.RealPath).Length;
        if (length > MaxEditBytes)
        {
            return Failed($"Cannot edit {path}: it is larger than {MaxEditBytes / (1024 * 1024)} MiB; use exec for files this big.");
        }

        // An empty file is not opened: a FIFO would block the open until a writer comes.
        var original = length == 0
            ? []
            : await File.ReadAllBytesAsync(target.RealPath, cancellationToken).ConfigureAwait(false);
        var bom = original.AsSpan().StartsWith(Encoding.UTF8.Preamble);
        string content;
        try
        {
            content = StrictUtf8.GetString(original, bom ? 3 : 0, original.Length - (bom ? 3 : 0));
        }
        catch (DecoderFallbackException)
        {
            return Failed($"Cannot edit {path}: it is not UTF-8 text.");
        }

        // Models write \n; a file that uses \r\n throughout is matched and edited as \n and written back with \r\n.
        // A file with mixed line endings is matched as it is.
        var crlf = IsCrlfThroughout(content);
        var updated = ApplyEdits(crlf ? content.Replace("\r\n", "\n", StringComparison.Ordinal) : content, edits, crlf, path);
        if (crlf)
        {
            updated = updated.Replace("\n", "\r\n", StringComparison.Ordinal);
        }

        if (updated == content)
        {
            return Failed($"No changes made to {path}: the replacements produce identical content.");
        }

        var bytes = new byte[(bom ? 3 : 0) + StrictUtf8.GetByteCount(updated)];
        if (bom)
        {
            Encoding.UTF8.Preamble.CopyTo(bytes);
        }

        StrictUtf8.GetBytes(updated, bytes.AsSpan(bom ? 3 : 0));
        await AtomicFile.WriteAsync(target.RealPath, bytes, cancellationToken).ConfigureAwait(false);
        return new ToolResult($"Successfully replaced {edits.Count} block(s) in {path}");
    }

    /// <summary><c>edits</c>, or the older single-edit form with <c>oldText</c>/<c>newText</c> at the top level.</summary>
    private static List<(string OldText, string NewText)> ReadEdits(ToolArguments arguments)
    {
        if (arguments.Get("edits") is not { } edits)
        {
            if (arguments.Get("oldText") is not null || arguments.Get("newText") is not null)
            {
                return [Edit(arguments.RequiredString("oldText"), arguments.RequiredString("newText"), "oldText")];
            }

            throw new ToolArgumentException("missing required parameter 'edits'");
        }

        if (edits.ValueKind != JsonValueKind.Array)
        {
            throw ToolArguments.WrongType("edits", "an array", edits);
        }

        if (edits.GetArrayLength() == 0)
        {
            throw new ToolArgumentException("'edits' must not be empty");
        }

        var result = new List<(string, string)>();
        foreach (var item in edits.EnumerateArray())
        {
            var name = $"edits[{result.Count}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw ToolArguments.WrongType(name, "an object", item);
            }

            var edit = ToolArguments.From(item);
            result.Add(Edit(Field(edit, name, "oldText"), Field(edit, name, "newText"), name + ".oldText"));
        }

        return result;
    }

    private static string Field(ToolArguments edit, string name, string field) => edit.Get(field) switch
    {
        null => throw new ToolArgumentException($"missing required parameter '{name}.{field}'"),
        { ValueKind: JsonValueKind.String } value => value.GetString()!,
        { } value => throw ToolArguments.WrongType($"{name}.{field}", "a string", value),
    };

    private static (string, string) Edit(string oldText, string newText, string name) => oldText.Length > 0
        ? (oldText, newText)
        : throw new ToolArgumentException($"'{name}' must not be empty");

    private static string ApplyEdits(string content, List<(string OldText, string NewText)> edits, bool crlf, string path)
    {
        var matches = new List<(int Index, int Length, int Edit)>(edits.Count);
        for (var i = 0; i < edits.Count; i++)
        {
            var oldText = crlf ? edits[i].OldText.Replace("\r\n", "\n", StringComparison.Ordinal) : edits[i].OldText;
            var index = content.IndexOf(oldText, StringComparison.Ordinal);
            if (index < 0)
            {
                throw new ToolFailureException(
                    $"oldText not found: edits[{i}] in {path}. It must match the file exactly, including whitespace and line breaks.");
            }

            var count = 1;
            for (var next = content.IndexOf(oldText, index + oldText.Length, StringComparison.Ordinal); next >= 0;
                 next = content.IndexOf(oldText, next + oldText.Length, StringComparison.Ordinal))
            {
                count++;
            }

            if (count > 1)
            {
                throw new ToolFailureException(
                    $"oldText is not unique: edits[{i}] occurs {count} times in {path}. Add surrounding context to make it unique.");
            }

            matches.Add((index, oldText.Length, i));
        }

        matches.Sort((a, b) => a.Index.CompareTo(b.Index));
        var result = new StringBuilder(content.Length);
        var position = 0;
        for (var m = 0; m < matches.Count; m++)
        {
            var (index, length, edit) = matches[m];
            if (index < position)
            {
                var (a, b) = (Math.Min(matches[m - 1].Edit, edit), Math.Max(matches[m - 1].Edit, edit));
                throw new ToolFailureException(
                    $"edits[{a}] and edits[{b}] overlap in {path}. Merge them into one edit or target disjoint regions.");
            }

            var newText = crlf ? edits[edit].NewText.Replace("\r\n", "\n", StringComparison.Ordinal) : edits[edit].NewText;
            result.Append(content, position, index - position).Append(newText);
            position = index + length;
        }

        return result.Append(content, position, content.Length - position).ToString();
    }

    private static bool IsCrlfThroughout(string content)
    {
        var lf = 0;
        var crlf = 0;
        for (var i = content.IndexOf('\n'); i >= 0; i = content.IndexOf('\n', i + 1))
        {
            lf++;
            crlf += i > 0 && content[i - 1] == '\r' ? 1 : 0;
        }

        return lf > 0 && lf == crlf;
    }
}
