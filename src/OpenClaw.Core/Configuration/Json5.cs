using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenClaw.Core.Configuration;

/// <summary>Parses JSON5 text (https://spec.json5.org) into System.Text.Json nodes.</summary>
/// <remarks>
/// Finite numbers become <see cref="JsonValue"/>s over a <see cref="JsonElement"/>, the same shape
/// <see cref="JsonNode.Parse(string, JsonNodeOptions?, JsonDocumentOptions)"/> produces, so <c>GetValue&lt;int&gt;()</c>,
/// <c>GetValue&lt;long&gt;()</c> and <c>GetValue&lt;decimal&gt;()</c> work for integer literals in range and
/// <c>GetValue&lt;double&gt;()</c> works for every number. Hex literals become their exact decimal integer.
/// <c>Infinity</c>, <c>-Infinity</c> and <c>NaN</c> become <see cref="JsonValue"/>s of <see cref="double"/>; writing
/// them back as JSON needs <see cref="System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals"/>.
/// Duplicate keys: the last one wins.
/// </remarks>
public static class Json5
{
    /// <summary>The deepest nesting of objects and arrays that <see cref="Parse"/> accepts.</summary>
    public const int MaxDepth = 256;

    /// <summary>Parses a complete JSON5 document holding one value.</summary>
    /// <param name="text">The JSON5 text.</param>
    /// <returns>The root node, or <see langword="null"/> when the document is the literal <c>null</c>.</returns>
    /// <exception cref="Json5Exception">The text is not valid JSON5.</exception>
    public static JsonNode? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Json5Reader(text).ReadDocument();
    }
}

/// <summary>The JSON5 text is malformed; the message names the line and column of the problem.</summary>
public sealed class Json5Exception : FormatException
{
    private Json5Exception(string detail, int line, int column)
        : base($"JSON5 syntax error at line {line}, column {column}: {detail}")
    {
        Line = line;
        Column = column;
    }

    /// <summary>The 1-based line of the error. LF, CR, CRLF, U+2028 and U+2029 each end a line.</summary>
    public int Line { get; }

    /// <summary>The 1-based column of the error, counted in UTF-16 code units.</summary>
    public int Column { get; }

    internal static Json5Exception At(string text, int position, string detail)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < position; i++)
        {
            if (text[i] is '\n' or '\r' or '\u2028' or '\u2029')
            {
                if (text[i] == '\r' && i + 1 < position && text[i + 1] == '\n')
                {
                    i++;
                }

                line++;
                lineStart = i + 1;
            }
        }

        return new Json5Exception(detail, line, position - lineStart + 1);
    }
}

/// <summary>Character classes and number conversions from the JSON5 grammar; they hold no reader state.</summary>
internal static class Json5Syntax
{
    public static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789ABCDEFabcdef");

    public static bool IsWhiteSpace(char c) => c switch
    {
        ' ' or '\t' or '\n' or '\r' or '\v' or '\f' or '\u00A0' or '\u2028' or '\u2029' or '\uFEFF' => true,
        < '\u0080' => false,
        _ => char.GetUnicodeCategory(c) == UnicodeCategory.SpaceSeparator,
    };

    // ECMAScript 5.1 IdentifierStart / IdentifierPart, which the JSON5 spec adopts for unquoted keys.
    public static bool IsIdentifierCodePoint(int codePoint, bool start)
    {
        if (codePoint is '$' or '_')
        {
            return true;
        }

        return CharUnicodeInfo.GetUnicodeCategory(codePoint) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber => true,
            UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation => !start,
            _ => !start && codePoint is '\u200C' or '\u200D',
        };
    }

    public static bool IsIdentifierCharAt(string text, int index, bool start, out int width)
    {
        var c = text[index];
        var pair = char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]);
        width = pair ? 2 : 1;
        return IsIdentifierCodePoint(pair ? char.ConvertToUtf32(c, text[index + 1]) : c, start);
    }

    public static bool TryReadHex(string text, int index, int length, out int value)
    {
        value = 0;
        // The digit check matters: int.TryParse would also accept trailing NUL characters.
        return index + length <= text.Length
            && !text.AsSpan(index, length).ContainsAnyExcept(HexDigits)
            && int.TryParse(text.AsSpan(index, length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Decodes the escape whose backslash is just before <paramref name="pos"/>.</summary>
    /// <returns>Null on success; otherwise the error, with <paramref name="pos"/> left on the backslash.</returns>
    public static string? AppendEscape(string text, ref int pos, StringBuilder buffer)
    {
        var c = text[pos++];
        switch (c)
        {
            case 'b': buffer.Append('\b'); break;
            case 'f': buffer.Append('\f'); break;
            case 'n': buffer.Append('\n'); break;
            case 'r': buffer.Append('\r'); break;
            case 't': buffer.Append('\t'); break;
            case 'v': buffer.Append('\v'); break;
            case '0' when pos == text.Length || !char.IsAsciiDigit(text[pos]): buffer.Append('\0'); break;
            case >= '0' and <= '9':
                pos -= 2;
                return "invalid escape sequence (octal escapes are not allowed)";
            case 'x' or 'u':
                var length = c == 'x' ? 2 : 4;
                if (!TryReadHex(text, pos, length, out var code))
                {
                    pos -= 2;
                    return $"invalid escape sequence '\\{c}', expected {length} hex digits";
                }

                buffer.Append((char)code);
                pos += length;
                break;
            case '\r':
                // A line continuation swallows CRLF as one line terminator.
                pos += pos < text.Length && text[pos] == '\n' ? 1 : 0;
                break;
            case '\n' or '\u2028' or '\u2029':
                break;
            default:
                // Any other escaped character stands for itself, as in ECMAScript: \' \" \\ and also e.g. \a.
                buffer.Append(c);
                break;
        }

        return null;
    }

    public static string Describe(char c) =>
        char.IsControl(c) || char.IsSurrogate(c) || char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format
            ? $"U+{(int)c:X4}"
            : $"'{c}'";

    /// <summary>Turns an already validated JSON5 decimal literal into a node, rewriting +1, .5 and 5. as JSON.</summary>
    public static JsonValue DecimalNumber(ReadOnlySpan<char> literal)
    {
        var json = new StringBuilder(literal.Length + 2);
        for (var i = 0; i < literal.Length; i++)
        {
            var c = literal[i];
            if (c == '.' && (i == 0 || !char.IsAsciiDigit(literal[i - 1])))
            {
                json.Append('0');
            }

            if (c != '+' || i > 0)
            {
                json.Append(c);
            }

            if (c == '.' && (i + 1 == literal.Length || !char.IsAsciiDigit(literal[i + 1])))
            {
                json.Append('0');
            }
        }

        return FromJson(json.ToString());
    }

    public static JsonValue HexNumber(ReadOnlySpan<char> digits, bool negative)
    {
        digits = digits.TrimStart('0');
        // Past 256 hex digits the value exceeds double.MaxValue anyway, and BigInteger formatting is quadratic.
        if (digits.Length > 256)
        {
            return JsonValue.Create(negative ? double.NegativeInfinity : double.PositiveInfinity);
        }

        // The leading zero keeps BigInteger from reading a high first digit as a negative two's-complement value.
        var value = BigInteger.Parse(string.Concat("0", digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        var json = value.ToString(CultureInfo.InvariantCulture);
        return FromJson(negative ? "-" + json : json);
    }

    private static JsonValue FromJson(string json) => JsonValue.Create(JsonElement.Parse(json))!;
}
