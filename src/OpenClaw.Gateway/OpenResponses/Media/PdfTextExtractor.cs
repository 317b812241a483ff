using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace OpenClaw.Gateway.OpenResponses.Media;

/// <summary>
/// The text layer of a PDF (http-api.md §6.5 step 7), page by page in content order, pages separated by a blank
/// line, read only until <c>maxChars</c> is reached and cut there. Pages are not rendered to images (an allowed
/// absence). PdfPig cannot be interrupted inside a page, so cancellation is checked between pages.
/// </summary>
internal static class PdfTextExtractor
{
    /// <summary>The text; throws when the bytes are not a readable PDF (encrypted, damaged …).</summary>
    public static string Extract(ReadOnlyMemory<byte> bytes, int maxChars, CancellationToken cancellationToken)
    {
        using var document = PdfDocument.Open(bytes, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
        var text = new StringBuilder();
        foreach (var page in document.GetPages())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pageText = ContentOrderTextExtractor.GetText(page);
            if (pageText.Length == 0)
            {
                continue;
            }

            if (text.Length > 0)
            {
                text.Append("\n\n");
            }

            text.Append(pageText);
            if (text.Length > maxChars)
            {
                break;
            }
        }

        return TextFileDecoder.Cut(text, maxChars);
    }
}
