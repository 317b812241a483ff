using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using OpenClaw.Core.Runs;

namespace OpenClaw.Core.Sessions;

/// <summary>
/// Reads and writes transcript files in the OpenClaw JSONL v3 format (agent-runtime.md §7.3): a
/// <c>{"type":"session","version":3,…}</c> header line, then one entry per line.
/// </summary>
public static class TranscriptJsonl
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Parses a whole file, or throws <see cref="TranscriptFileException"/> naming the first bad line. Blank lines are
    /// skipped; entries of any type are kept as written (unknown types included).
    /// </summary>
    public static async Task<TranscriptFile> ReadAsync(TextReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        (string Id, long CreatedAt, string Timestamp, string? Cwd)? header = null;
        var entries = new List<TranscriptEntry>();
        var lineById = new Dictionary<string, int>(StringComparer.Ordinal);
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } raw)
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            using var document = ParseObject(line, lineNumber);
            var root = document.RootElement;
            var type = String(root, "type");
            if (header is null)
            {
                header = ReadHeader(root, type, lineNumber);
                continue;
            }

            if (type is null)
            {
                throw new TranscriptFileException(lineNumber, "entry has no \"type\"");
            }

            if (type == "session")
            {
                throw new TranscriptFileException(lineNumber, "a second session header (a file holds one transcript)");
            }

            if (String(root, "id") is not { Length: > 0 } id)
            {
                throw new TranscriptFileException(lineNumber, $"{type} entry has no \"id\"");
            }

            if (!lineById.TryAdd(id, lineNumber))
            {
                throw new TranscriptFileException(lineNumber, $"duplicate entry id \"{id}\" (first on line {lineById[id]})");
            }

            string? parentId = null;
            if (root.TryGetProperty("parentId"u8, out var parent) && parent.ValueKind != JsonValueKind.Null)
            {
                parentId = parent.ValueKind == JsonValueKind.String
                    ? parent.GetString()
                    : throw new TranscriptFileException(lineNumber, "\"parentId\" must be a string or null");
            }

            if (type == "message")
            {
                CheckMessage(root, lineNumber);
            }

            var timestamp = String(root, "timestamp") ?? header.Value.Timestamp;
            entries.Add(new TranscriptEntry(header.Value.Id, entries.Count + 1, id, parentId, type, timestamp, line));
        }

        if (header is null)
        {
            throw new TranscriptFileException(Math.Max(lineNumber, 1), "no session header (the file is empty)");
        }

        return new TranscriptFile(header.Value.Id, header.Value.CreatedAt, header.Value.Cwd, entries);
    }

    /// <summary>
    /// A <c>message</c> entry must carry what replay reads (§7.3): an object with a string <c>role</c> and content that is
    /// a string or an array of block objects; anything else would break every later turn of the session.
    /// </summary>
    private static void CheckMessage(JsonElement root, int lineNumber)
    {
        if (!root.TryGetProperty("message"u8, out var message) || message.ValueKind != JsonValueKind.Object)
        {
            throw new TranscriptFileException(lineNumber, "message entry has no \"message\" object");
        }

        if (!message.TryGetProperty("role"u8, out var role) || role.ValueKind != JsonValueKind.String)
        {
            throw new TranscriptFileException(lineNumber, "message has no string \"role\"");
        }

        if (message.TryGetProperty("content"u8, out var content)
            && content.ValueKind is not (JsonValueKind.String or JsonValueKind.Array or JsonValueKind.Null)
            || (content.ValueKind == JsonValueKind.Array && content.EnumerateArray().Any(block => block.ValueKind != JsonValueKind.Object)))
        {
            throw new TranscriptFileException(lineNumber, "message \"content\" must be a string or an array of blocks");
        }
    }

    /// <summary>Writes <paramref name="header"/> as the file's first line, then each entry's payload in order.</summary>
    public static async Task WriteAsync(TextWriter writer, TranscriptHeader header, IEnumerable<TranscriptEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(entries);
        await WriteLineAsync(writer, HeaderLine(header), cancellationToken).ConfigureAwait(false);
        foreach (var entry in entries)
        {
            await WriteLineAsync(writer, entry.PayloadJson, cancellationToken).ConfigureAwait(false);
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>{"type":"session","version":3,"id","timestamp","cwd"}</c>; <c>cwd</c> is left out when the transcript has
    /// none recorded.
    /// </summary>
    public static string HeaderLine(TranscriptHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("type"u8, "session");
            json.WriteNumber("version"u8, 3);
            json.WriteString("id"u8, header.SessionId);
            json.WriteString("timestamp"u8, TranscriptFormat.IsoTimestamp(header.CreatedAt));
            if (header.Cwd is not null)
            {
                json.WriteString("cwd"u8, header.Cwd);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static (string Id, long CreatedAt, string Timestamp, string? Cwd) ReadHeader(JsonElement root, string? type, int lineNumber)
    {
        if (type != "session")
        {
            throw new TranscriptFileException(lineNumber, $"expected the session header {{\"type\":\"session\",\"version\":3,…}}, found {(type is null ? "an object without \"type\"" : $"a \"{type}\" entry")}");
        }

        if (!root.TryGetProperty("version"u8, out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var number) || number != 3)
        {
            var found = root.TryGetProperty("version"u8, out var v) ? v.GetRawText() : "none";
            throw new TranscriptFileException(lineNumber, $"unsupported transcript version {found} (only version 3 can be imported)");
        }

        if (String(root, "id") is not { Length: > 0 } id)
        {
            throw new TranscriptFileException(lineNumber, "the session header has no \"id\"");
        }

        if (String(root, "timestamp") is not { } timestamp
            || !DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var createdAt))
        {
            throw new TranscriptFileException(lineNumber, "the session header has no ISO-8601 \"timestamp\"");
        }

        return (id, createdAt.ToUnixTimeMilliseconds(), timestamp, String(root, "cwd"));
    }

    private static JsonDocument ParseObject(string line, int lineNumber)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            throw new TranscriptFileException(lineNumber, "not valid JSON");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new TranscriptFileException(lineNumber, "not a JSON object");
        }

        return document;
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static async Task WriteLineAsync(TextWriter writer, string line, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
        await writer.WriteAsync("\n".AsMemory(), cancellationToken).ConfigureAwait(false);
    }
}
