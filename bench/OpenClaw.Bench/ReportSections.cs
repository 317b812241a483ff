namespace OpenClaw.Bench;

/// <summary>
/// Named sections of RESULTS.md that other commands own (<c>&lt;!-- section:NAME --&gt;</c> …
/// <c>&lt;!-- /section:NAME --&gt;</c>): a scenario replaces its own section, and the main report keeps the others
/// when it rewrites the file, so an optional scenario's last results survive a plain <c>run.sh</c>.
/// </summary>
internal static class ReportSections
{
    /// <summary><paramref name="text"/> with the section <paramref name="name"/> replaced by (or appended as) <paramref name="body"/>.</summary>
    public static string Put(string text, string name, string body)
    {
        var block = $"{Start(name)}\n{body.TrimEnd()}\n{End(name)}\n";
        var (from, _, to) = Find(text, name);
        return from < 0 ? text.TrimEnd() + (text.Length > 0 ? "\n\n" : "") + block : text[..from] + block + text[to..];
    }

    /// <summary>The freshly rendered <paramref name="report"/>, followed by the named sections of <paramref name="previous"/>.</summary>
    public static string CarryOver(string previous, string report)
    {
        var result = report;
        var at = 0;
        while ((at = previous.IndexOf("<!-- section:", at, StringComparison.Ordinal)) >= 0)
        {
            var nameEnd = previous.IndexOf(" -->", at, StringComparison.Ordinal);
            if (nameEnd < 0)
            {
                break;
            }

            var name = previous[(at + "<!-- section:".Length)..nameEnd];
            var (from, endMarker, to) = Find(previous, name);
            if (from < 0)
            {
                break;
            }

            var body = previous[(from + Start(name).Length)..endMarker].Trim('\n');
            result = Put(result, name, body);
            at = to;
        }

        return result;
    }

    private static string Start(string name) => $"<!-- section:{name} -->";

    private static string End(string name) => $"<!-- /section:{name} -->";

    /// <summary>Where the section starts, where its end marker starts, and where that marker's line ends; -1s when absent.</summary>
    private static (int From, int EndMarker, int To) Find(string text, string name)
    {
        var from = text.IndexOf(Start(name), StringComparison.Ordinal);
        var end = from < 0 ? -1 : text.IndexOf(End(name), from, StringComparison.Ordinal);
        if (end < 0)
        {
            return (-1, -1, -1);
        }

        var to = end + End(name).Length;
        return (from, end, to < text.Length && text[to] == '\n' ? to + 1 : to);
    }
}
