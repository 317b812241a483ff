using System.Text.Encodings.Web;

namespace OpenClaw.Gateway.Http;

/// <summary>
/// Escapes only what JSON requires (quote, backslash, control characters): every other character, emoji and other
/// supplementary-plane characters included, is written as UTF-8, as the original does (http-api.md §2.2).
/// <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/> still escapes characters outside the BMP.
/// </summary>
internal sealed class MinimalJsonEncoder : JavaScriptEncoder
{
    public static MinimalJsonEncoder Instance { get; } = new();

    public override int MaxOutputCharactersPerInputCharacter => 6;

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        for (var i = 0; i < textLength; i++)
        {
            var c = text[i];
            if (NeedsEscape(c))
            {
                return i;
            }

            // A lone surrogate cannot be written as UTF-8: let the writer escape it.
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < textLength && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }

                return i;
            }

            if (char.IsLowSurrogate(c))
            {
                return i;
            }
        }

        return -1;
    }

    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text)
    {
        // Multi-byte sequences are never escaped; the writer validates UTF-8 itself.
        for (var i = 0; i < utf8Text.Length; i++)
        {
            if (utf8Text[i] < 0x80 && NeedsEscape((char)utf8Text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        if (bufferLength < 6 || unicodeScalar > 0xFFFF)
        {
            numberOfCharactersWritten = 0;
            return false;
        }

        // The short escapes JSON.stringify uses; \u00XX for the other control characters.
        var shortEscape = unicodeScalar switch
        {
            '"' => '"',
            '\\' => '\\',
            '\n' => 'n',
            '\r' => 'r',
            '\t' => 't',
            '\b' => 'b',
            '\f' => 'f',
            _ => '\0',
        };
        if (shortEscape != '\0')
        {
            buffer[0] = '\\';
            buffer[1] = shortEscape;
            numberOfCharactersWritten = 2;
            return true;
        }

        buffer[0] = '\\';
        buffer[1] = 'u';
        var hex = unicodeScalar.ToString("x4", System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < 4; i++)
        {
            buffer[2 + i] = hex[i];
        }

        numberOfCharactersWritten = 6;
        return true;
    }

    public override bool WillEncode(int unicodeScalar) => unicodeScalar < 0x10000 && NeedsEscape((char)unicodeScalar);

    private static bool NeedsEscape(char c) => c < 0x20 || c == '"' || c == '\\';
}
