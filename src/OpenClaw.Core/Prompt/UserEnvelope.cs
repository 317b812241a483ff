using System.Globalization;
using System.Text.RegularExpressions;

namespace OpenClaw.Core.Prompt;

/// <summary>The timestamp envelope in front of user text: <c>[Sun 2026-11-22 03:18 UTC] hi</c> (agent-runtime.md §4.4).</summary>
public static partial class UserEnvelope
{
    public static string Wrap(string text, DateTimeOffset now, TimeZoneInfo timeZone) => Prefix(now, timeZone) + text;

    public static string Prefix(DateTimeOffset now, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        var local = TimeZoneInfo.ConvertTime(now, timeZone);
        return string.Create(CultureInfo.InvariantCulture, $"[{local:ddd yyyy-MM-dd HH:mm} {ZoneLabel(timeZone, local.Offset)}] ");
    }

    /// <summary>Removes a leading envelope, as chat history and previews show user text.</summary>
    public static string Strip(string text) => EnvelopePattern().Replace(text, "", 1);

    /// <summary><c>UTC</c> for UTC, otherwise <c>GMT+1</c> / <c>GMT-5:30</c>.</summary>
    public static string ZoneLabel(TimeZoneInfo timeZone, TimeSpan offset)
    {
        if (offset == TimeSpan.Zero && (timeZone.Id is "UTC" or "Etc/UTC" or "Etc/UCT" or "Universal" || timeZone.BaseUtcOffset == TimeSpan.Zero))
        {
            return "UTC";
        }

        var sign = offset < TimeSpan.Zero ? "-" : "+";
        var abs = offset.Duration();
        return abs.Minutes == 0
            ? string.Create(CultureInfo.InvariantCulture, $"GMT{sign}{abs.Hours}")
            : string.Create(CultureInfo.InvariantCulture, $"GMT{sign}{abs.Hours}:{abs.Minutes:00}");
    }

    /// <summary>The configured zone (<c>agents.defaults.userTimezone</c>) or the host's; unknown ids fall back to the host's.</summary>
    public static TimeZoneInfo ResolveTimeZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return TimeZoneInfo.Local;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) ? zone : TimeZoneInfo.Local;
    }

    [GeneratedRegex(@"^\[[A-Z][a-z]{2} \d{4}-\d{2}-\d{2} \d{2}:\d{2}[^\]]*\] ", RegexOptions.CultureInvariant)]
    private static partial Regex EnvelopePattern();
}
