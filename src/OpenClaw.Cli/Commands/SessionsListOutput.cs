using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Cli.Commands;

/// <summary>
/// The two renderings of <c>openclaw sessions</c>. JSON keys come in a fixed order and are always present:
/// <c>model</c> and <c>label</c> are <c>null</c> when the session has none, counters are numbers (0 when unknown).
/// </summary>
internal static class SessionsListOutput
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Json(string path, int? activeMinutes, IReadOnlyList<SessionEntry> rows, long now)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("path", path);
            json.WriteNumber("count", rows.Count);
            if (activeMinutes is { } minutes)
            {
                json.WriteNumber("activeMinutes", minutes);
            }
            else
            {
                json.WriteNull("activeMinutes");
            }

            json.WriteStartArray("sessions");
            foreach (var row in rows)
            {
                json.WriteStartObject();
                json.WriteString("agentId", row.AgentId);
                json.WriteString("key", row.SessionKey);
                json.WriteString("sessionId", row.SessionId);
                json.WriteNumber("updatedAt", row.UpdatedAt);
                json.WriteNumber("ageMs", Math.Max(0, now - row.UpdatedAt));
                json.WriteString("model", row.Model);
                json.WriteNumber("inputTokens", row.InputTokens);
                json.WriteNumber("outputTokens", row.OutputTokens);
                json.WriteNumber("totalTokens", row.TotalTokens);
                json.WriteNumber("contextTokens", row.ContextTokens);
                json.WriteString("label", row.Label);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string Table(string path, int? activeMinutes, IReadOnlyList<SessionEntry> rows, long now)
    {
        var text = new StringBuilder();
        var count = rows.Count == 1 ? "1 session" : $"{rows.Count} sessions";
        var window = activeMinutes is { } minutes ? $", active in the last {minutes} min" : "";
        text.Append(CultureInfo.InvariantCulture, $"Session store: {path} ({count}{window})\n");
        if (rows.Count == 0)
        {
            return text.Append("No sessions.\n").ToString();
        }

        string[][] cells =
        [
            ["KEY", "AGE", "MODEL", "TOKENS", "LABEL"],
            .. rows.Select(r => new[] { r.SessionKey, Age(now - r.UpdatedAt), r.Model ?? "-", Tokens(r), r.Label ?? "-" }),
        ];
        var widths = Enumerable.Range(0, 5).Select(c => cells.Max(row => row[c].Length)).ToArray();
        foreach (var row in cells)
        {
            var line = string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c])));
            text.Append(line.TrimEnd()).Append('\n');
        }

        return text.ToString();
    }

    private static string Age(long ms) => ms switch
    {
        < 60_000 => "just now",
        < 3_600_000 => $"{ms / 60_000}m ago",
        < 86_400_000 => $"{ms / 3_600_000}h ago",
        _ => $"{ms / 86_400_000}d ago",
    };

    /// <summary>The last run's context size against the window, e.g. <c>12.1k/128k (9%)</c>.</summary>
    private static string Tokens(SessionEntry row)
    {
        if (row.ContextTokens <= 0)
        {
            return Compact(row.TotalTokens);
        }

        var percent = (int)Math.Round(100.0 * row.TotalTokens / row.ContextTokens);
        return $"{Compact(row.TotalTokens)}/{Compact(row.ContextTokens)} ({percent.ToString(CultureInfo.InvariantCulture)}%)";
    }

    private static string Compact(long n) => n switch
    {
        < 1_000 => n.ToString(CultureInfo.InvariantCulture),
        < 1_000_000 => (n / 1_000.0).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        _ => (n / 1_000_000.0).ToString("0.#", CultureInfo.InvariantCulture) + "m",
    };
}
