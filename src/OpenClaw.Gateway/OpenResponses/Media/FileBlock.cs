using System.Text;
using System.Text.RegularExpressions;

namespace OpenClaw.Gateway.OpenResponses.Media;

/// <summary>
/// One file as a block of the extra system prompt (http-api.md §6.5 step 8):
/// <c>&lt;file name="…"&gt;</c>, the text wrapped as untrusted, <c>&lt;/file&gt;</c>. The name cannot break out of
/// its attribute and the text cannot close or open a file block.
/// </summary>
internal static partial class FileBlock
{
    public const string NoTextPlaceholder = "[No extractable text]";

    /// <summary>The block for <paramref name="text"/>; no text, or only whitespace, gives the placeholder block.</summary>
    public static string Render(string? fileName, string? text) => Render(fileName, text, UntrustedContent.Wrap);

    internal static string Render(string? fileName, string? text, Func<string, string> wrap)
    {
        var name = EscapeAttribute(SafeName(fileName));
        return string.IsNullOrWhiteSpace(text)
            ? $"<file name=\"{name}\">{NoTextPlaceholder}</file>"
            : $"<file name=\"{name}\">\n{EscapeFileTags(wrap(text))}\n</file>";
    }

    /// <summary>
    /// Line breaks and tabs become one space, the name is trimmed, characters Windows forbids in file names
    /// (<c>&lt;&gt;:"/\|?*</c> and control characters) are removed; nothing left means <c>attachment</c>.
    /// </summary>
    internal static string SafeName(string? fileName)
    {
        var name = LineBreaks().Replace(fileName ?? "", " ").Trim();
        var kept = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (!char.IsControl(c) && "<>:\"/\\|?*".IndexOf(c, StringComparison.Ordinal) < 0)
            {
                kept.Append(c);
            }
        }

        var safe = kept.ToString().Trim();
        return safe.Length > 0 ? safe : "attachment";
    }

    internal static string EscapeAttribute(string value) => value
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal)
        .Replace("'", "&apos;", StringComparison.Ordinal);

    internal static string EscapeFileTags(string content) =>
        OpeningTag().Replace(ClosingTag().Replace(content, "&lt;/file&gt;"), "&lt;file");

    [GeneratedRegex(@"[\r\n\t]+")]
    private static partial Regex LineBreaks();

    [GeneratedRegex(@"<\s*/\s*file\s*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ClosingTag();

    [GeneratedRegex(@"<\s*file\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OpeningTag();
}
