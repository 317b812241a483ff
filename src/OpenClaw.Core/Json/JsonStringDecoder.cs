using System.Buffers;
using System.Text;
using System.Text.Unicode;
using OpenClaw.Core.Memory;

namespace OpenClaw.Core.Json;

/// <summary>
/// Unescapes the raw UTF-8 content of a JSON string (between the quotes, escapes as written) without throwing. The
/// parser has already checked the escape syntax; it has not checked that the bytes are UTF-8 nor that <c>\uXXXX</c>
/// surrogates come in pairs, which is what this class decides: strictly (any fault fails) or leniently (each
/// invalid UTF-8 sequence and each lone surrogate becomes U+FFFD, as JavaScript's <c>TextDecoder</c> and
/// <c>toWellFormed()</c> do).
/// </summary>
internal static class JsonStringDecoder
{
    private const int StackChars = 256;

    /// <summary>True when the content unescapes to well-formed UTF-16; allocates nothing.</summary>
    public static bool IsValid(ReadOnlySpan<byte> content)
    {
        var backslash = content.IndexOf((byte)'\\');
        if (backslash < 0)
        {
            return Utf8.IsValid(content);
        }

        while (backslash >= 0)
        {
            if (!Utf8.IsValid(content[..backslash]))
            {
                return false;
            }

            content = content[backslash..];
            if (!TryReadEscape(ref content, out var unit, out var low))
            {
                return false;
            }

            if (char.IsSurrogate(unit) && low == 0)
            {
                return false;
            }

            backslash = content.IndexOf((byte)'\\');
        }

        return Utf8.IsValid(content);
    }

    /// <summary>
    /// The text of the content. Strict: false on the first fault. Lenient: always true, faults replaced by U+FFFD.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> content, bool lenient, out string value)
    {
        value = "";
        if (content.IndexOf((byte)'\\') < 0)
        {
            // The common case: no escapes. Encoding.UTF8 replaces invalid sequences with U+FFFD (maximal subparts).
            if (!lenient && !Utf8.IsValid(content))
            {
                return false;
            }

            value = Encoding.UTF8.GetString(content);
            return true;
        }

        // Unescaping never lengthens: each byte yields at most one UTF-16 code unit.
        char[]? rented = null;
        var buffer = content.Length <= StackChars
            ? stackalloc char[StackChars]
            : rented = PayloadBuffers.Rent<char>(content.Length);
        try
        {
            if (!TryUnescape(content, lenient, buffer, out var written))
            {
                return false;
            }

            value = new string(buffer[..written]);
            return true;
        }
        finally
        {
            if (rented is not null)
            {
                PayloadBuffers.Return(rented);
            }
        }
    }

    private static bool TryUnescape(ReadOnlySpan<byte> content, bool lenient, Span<char> destination, out int written)
    {
        written = 0;
        while (true)
        {
            var backslash = content.IndexOf((byte)'\\');
            var segment = backslash < 0 ? content : content[..backslash];
            var status = Utf8.ToUtf16(segment, destination[written..], out _, out var chars, replaceInvalidSequences: lenient);
            if (status != OperationStatus.Done)
            {
                return false;
            }

            written += chars;
            if (backslash < 0)
            {
                return true;
            }

            content = content[backslash..];
            if (!TryReadEscape(ref content, out var unit, out var low))
            {
                if (!lenient)
                {
                    return false;
                }

                // Cannot happen after the parser's syntax check; kept total so no input can throw.
                destination[written++] = '\uFFFD';
                content = content.Length > 1 ? content[2..] : [];
                continue;
            }

            if (char.IsSurrogate(unit) && low == 0)
            {
                if (!lenient)
                {
                    return false;
                }

                unit = '\uFFFD';
            }

            destination[written++] = unit;
            if (low != 0)
            {
                destination[written++] = low;
            }
        }
    }

    /// <summary>
    /// Reads one escape at the start of <paramref name="content"/> and advances past it. A high surrogate escape
    /// directly followed by a low one is read as the pair (<paramref name="low"/> set); otherwise low is 0.
    /// </summary>
    private static bool TryReadEscape(ref ReadOnlySpan<byte> content, out char unit, out char low)
    {
        unit = '\0';
        low = '\0';
        if (content.Length < 2)
        {
            return false;
        }

        switch (content[1])
        {
            case (byte)'"' or (byte)'\\' or (byte)'/':
                unit = (char)content[1];
                break;
            case (byte)'b':
                unit = '\b';
                break;
            case (byte)'f':
                unit = '\f';
                break;
            case (byte)'n':
                unit = '\n';
                break;
            case (byte)'r':
                unit = '\r';
                break;
            case (byte)'t':
                unit = '\t';
                break;
            case (byte)'u':
                if (!TryReadHex(content[2..], out unit))
                {
                    return false;
                }

                if (char.IsHighSurrogate(unit) && content.Length >= 12 && content[6] == (byte)'\\' && content[7] == (byte)'u'
                    && TryReadHex(content[8..], out var next) && char.IsLowSurrogate(next))
                {
                    low = next;
                    content = content[12..];
                    return true;
                }

                content = content[6..];
                return true;
            default:
                return false;
        }

        content = content[2..];
        return true;
    }

    private static bool TryReadHex(ReadOnlySpan<byte> digits, out char unit)
    {
        unit = '\0';
        if (digits.Length < 4)
        {
            return false;
        }

        var value = 0;
        for (var i = 0; i < 4; i++)
        {
            var digit = HexValue(digits[i]);
            if (digit < 0)
            {
                return false;
            }

            value = (value << 4) | digit;
        }

        unit = (char)value;
        return true;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
