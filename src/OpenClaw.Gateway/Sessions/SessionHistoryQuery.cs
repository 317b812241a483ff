using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;
using OpenClaw.Gateway.WebSockets.Methods;

namespace OpenClaw.Gateway.Sessions;

/// <summary>
/// What <c>GET /sessions/{key}/history</c> asks for (http-api.md §8a.2): the canonical key, <c>limit</c> and
/// <c>cursor</c>, and the page they select from a transcript's messages.
/// </summary>
internal sealed record SessionHistoryQuery(string SessionKey, int? Limit, long? Cursor)
{
    private const int MaxLimit = 1000;
    private const int MaxTextChars = 8000;
    private const long MaxSafeInteger = 9_007_199_254_740_991;

    /// <summary>True when the page is not simply the whole transcript.</summary>
    public bool IsPaged => Limit is not null || Cursor is not null;

    /// <summary>The query, or the message of the 400 that <c>limit</c> or <c>cursor</c> earns.</summary>
    public static string? TryParse(string sessionKey, IQueryCollection query, out SessionHistoryQuery parsed)
    {
        parsed = new SessionHistoryQuery(sessionKey, null, null);
        if (!TryLimit(query["limit"], out var limit))
        {
            return "limit must be a positive integer";
        }

        if (!TryCursor(query["cursor"], out var cursor))
        {
            return "cursor must be a positive integer";
        }

        parsed = parsed with { Limit = limit, Cursor = cursor };
        return null;
    }

    /// <summary>
    /// The body of §8a.2 over <paramref name="messages"/> (the transcript's messages, oldest first; the page's are
    /// cut as the route cuts them).
    /// </summary>
    public SessionHistoryPage Page(List<JsonObject> messages)
    {
        // A message's seq is its 1-based position; the cursor selects those strictly older than it.
        var end = Cursor is { } before ? (int)Math.Min(before - 1, messages.Count) : messages.Count;
        var start = Limit is { } count ? Math.Max(0, end - count) : 0;
        var page = messages.Skip(start).Take(end - start).Select(Cut).ToList();
        return new SessionHistoryPage(SessionKey, page, page, start > 0, start > 0 ? (start + 1).ToString(CultureInfo.InvariantCulture) : null);
    }

    /// <summary>A message as the route shows it: every text longer than 8 000 UTF-16 units cut and marked.</summary>
    public static JsonObject Cut(JsonObject message)
    {
        TranscriptMessages.TruncateMarked(message, MaxTextChars);
        return message;
    }

    /// <summary>Absent: no limit. A positive integer, at most 1000 (an all-digit value too large is 1000).</summary>
    private static bool TryLimit(StringValues values, out int? limit)
    {
        limit = null;
        if (values.Count == 0)
        {
            return true;
        }

        var text = values[0] ?? "";
        if (text.Length == 0 || !text.All(char.IsAsciiDigit))
        {
            return false;
        }

        limit = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? (int)Math.Min(value, MaxLimit) : MaxLimit;
        return limit > 0;
    }

    /// <summary>Absent or empty: none. <c>seq:&lt;n&gt;</c> or <c>&lt;n&gt;</c>, a positive safe integer.</summary>
    private static bool TryCursor(StringValues values, out long? cursor)
    {
        cursor = null;
        var text = (values.Count == 0 ? "" : values[0] ?? "").Trim();
        if (text.Length == 0)
        {
            return true;
        }

        var digits = text.StartsWith("seq:", StringComparison.Ordinal) ? text[4..] : text;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit)
            || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is < 1 or > MaxSafeInteger)
        {
            return false;
        }

        cursor = value;
        return true;
    }
}
