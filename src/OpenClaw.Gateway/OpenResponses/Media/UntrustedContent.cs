using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace OpenClaw.Gateway.OpenResponses.Media;

/// <summary>
/// Marks text from outside (a client's file) as untrusted before it goes into a prompt, as the original's
/// <c>wrapExternalContent</c> does without its warning paragraph (http-api.md §6.5 step 8): the text between a start
/// and an end marker that share a random id, so the text cannot close the block it sits in. Inside the text, anything
/// that looks like such a marker (case, spaces for underscores, full-width letters and angle-bracket look-alikes,
/// zero-width characters in between) becomes <c>[[MARKER_SANITIZED]]</c> / <c>[[END_MARKER_SANITIZED]]</c>, and
/// the control tokens of common chat templates become <c>[REMOVED_SPECIAL_TOKEN]</c>. Nothing else changes:
/// whitespace is kept as it is.
/// </summary>
internal static partial class UntrustedContent
{
    public const string MarkerReplacement = "[[MARKER_SANITIZED]]";
    public const string EndMarkerReplacement = "[[END_MARKER_SANITIZED]]";
    public const string SpecialTokenReplacement = "[REMOVED_SPECIAL_TOKEN]";

    /// <summary>The wrapped text with a fresh id: 16 lowercase hex digits from a cryptographic source.</summary>
    public static string Wrap(string text) => Wrap(text, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));

    /// <summary>The wrapped text; starts with a newline, as the original's (its empty warning slot).</summary>
    internal static string Wrap(string text, string id) =>
        $"\n<<<EXTERNAL_UNTRUSTED_CONTENT id=\"{id}\">>>\nSource: External\n---\n{Sanitize(text)}\n<<<END_EXTERNAL_UNTRUSTED_CONTENT id=\"{id}\">>>";

    /// <summary>Look-alike markers first, then special tokens (a replacement never forms either).</summary>
    public static string Sanitize(string text) => SpecialToken().Replace(ReplaceMarkers(text), SpecialTokenReplacement);

    private static string ReplaceMarkers(string text)
    {
        // Matching runs on a folded copy (look-alikes mapped to ASCII, invisible characters dropped); each match is
        // mapped back to the span of the original text it came from, and that span is replaced.
        var (folded, origins) = Fold(text);
        if (!MarkerHint().IsMatch(folded))
        {
            return text;
        }

        var output = new StringBuilder(text.Length);
        var cursor = 0;
        foreach (var match in Marker().EnumerateMatches(folded))
        {
            var start = origins?[match.Index] ?? match.Index;
            var end = (origins?[match.Index + match.Length - 1] ?? (match.Index + match.Length - 1)) + 1;
            output.Append(text, cursor, start - cursor);
            var isEnd = folded.AsSpan(match.Index + 3, match.Length - 3).TrimStart().StartsWith("END", StringComparison.OrdinalIgnoreCase);
            output.Append(isEnd ? EndMarkerReplacement : MarkerReplacement);
            cursor = end;
        }

        return output.Append(text, cursor, text.Length - cursor).ToString();
    }

    /// <summary>The folded text and, when folding changed anything, the original index of each folded character.</summary>
    private static (string Folded, int[]? Origins) Fold(string text)
    {
        if (text.AsSpan().IndexOfAny(FoldedChars) < 0)
        {
            return (text, null);
        }

        var folded = new StringBuilder(text.Length);
        var origins = new List<int>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var mapped = c < 0x80 ? c : FoldChar(c);
            if (mapped == '\0')
            {
                continue;
            }

            folded.Append(mapped);
            origins.Add(i);
        }

        return (folded.ToString(), [.. origins]);
    }

    /// <summary>ASCII for a look-alike, NUL for a character to drop, else the character itself.</summary>
    private static char FoldChar(char c) => c switch
    {
        >= '\uFF21' and <= '\uFF3A' or >= '\uFF41' and <= '\uFF5A' => (char)(c - 0xFEE0), // full-width letters
        '\uFF1C' or '\u2329' or '\u3008' or '\u2039' or '\u27E8' or '\uFE64' or '\u00AB' or '\u300A' or '\u27EA' or '\u27EC' or '\u27EE' or '\u276C' or '\u276E' or '\u02C2' => '<',
        '\uFF1E' or '\u232A' or '\u3009' or '\u203A' or '\u27E9' or '\uFE65' or '\u00BB' or '\u300B' or '\u27EB' or '\u27ED' or '\u27EF' or '\u276D' or '\u276F' or '\u02C3' => '>',
        '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD' => '\0', // zero-width characters, soft hyphen
        _ => c,
    };

    private static readonly System.Buffers.SearchValues<char> FoldedChars = System.Buffers.SearchValues.Create(
        "\uFF1C\u2329\u3008\u2039\u27E8\uFE64\u00AB\u300A\u27EA\u27EC\u27EE\u276C\u276E\u02C2" +
        "\uFF1E\u232A\u3009\u203A\u27E9\uFE65\u00BB\u300B\u27EB\u27ED\u27EF\u276D\u276F\u02C3" +
        "\u200B\u200C\u200D\u2060\uFEFF\u00AD" +
        "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ");

    [GeneratedRegex(@"external[\s_]+untrusted[\s_]+content", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MarkerHint();

    /// <summary>A start or end marker, with or without an id (its quotes possibly JSON-escaped).</summary>
    [GeneratedRegex(@"<<<\s*(?:END[\s_]+)?EXTERNAL[\s_]+UNTRUSTED[\s_]+CONTENT(?:\s+id=\\*""[^""]*"")?\s*>>>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Marker();

    [GeneratedRegex(
        @"<\|im_start\|>|<\|im_end\|>|<\|endoftext\|>|<\|begin_of_text\|>|<\|end_of_text\|>|<\|start_header_id\|>|<\|end_header_id\|>|<\|eot_id\|>|<\|python_tag\|>|<\|eom_id\|>" +
        @"|\[INST\]|\[/INST\]|<<SYS>>|<</SYS>>|<s>|</s>|<\|channel\|>|<\|message\|>|<\|return\|>|<\|call\|>|<start_of_turn>|<end_of_turn>|<\|reserved_special_token_\d+\|>",
        RegexOptions.CultureInvariant)]
    private static partial Regex SpecialToken();
}
