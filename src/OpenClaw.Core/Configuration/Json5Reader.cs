using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;

namespace OpenClaw.Core.Configuration;

/// <summary>
/// A single forward pass over JSON5 text; recursion is bounded by <see cref="Json5.MaxDepth"/>. Given a list, it
/// also records where each scalar value stands in the text (for redacting the text itself).
/// </summary>
internal sealed class Json5Reader(string text, List<Json5Scalar>? scalars = null)
{
    private static readonly SearchValues<char> LineTerminators = SearchValues.Create("\n\r\u2028\u2029");
    private static readonly SearchValues<char> DoubleQuotedStops = SearchValues.Create("\"\\\n\r");
    private static readonly SearchValues<char> SingleQuotedStops = SearchValues.Create("'\\\n\r");
    private static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");

    private readonly string _text = text;
    private readonly StringBuilder _buffer = new();
    private readonly List<string?> _path = [];
    private int _pos;

    public JsonNode? ReadDocument()
    {
        SkipTrivia();
        if (_pos == _text.Length)
        {
            throw Error(_pos, "empty input, expected a value");
        }

        var root = ReadValue(0);
        SkipTrivia();
        return _pos == _text.Length
            ? root
            : throw Error(_pos, $"unexpected character {Json5Syntax.Describe(_text[_pos])} after the root value");
    }

    private JsonNode? ReadValue(int depth)
    {
        if (scalars is null || Peek() is '{' or '[')
        {
            return ReadAnyValue(depth);
        }

        var start = _pos;
        var value = ReadAnyValue(depth);
        scalars.Add(new Json5Scalar(start, _pos - start, [.. _path], value));
        return value;
    }

    private JsonNode? ReadAnyValue(int depth) => Peek() switch
    {
        '{' => ReadObject(depth),
        '[' => ReadArray(depth),
        '"' or '\'' => JsonValue.Create(ReadString()),
        't' => ReadLiteral("true", JsonValue.Create(true)),
        'f' => ReadLiteral("false", JsonValue.Create(false)),
        'n' => ReadLiteral<JsonNode?>("null", null),
        '+' or '-' or '.' or 'I' or 'N' or (>= '0' and <= '9') => ReadNumber(),
        _ => throw Unexpected("expected a value"),
    };

    private JsonObject ReadObject(int depth)
    {
        EnterContainer(depth);
        var result = new JsonObject();
        SkipTrivia();
        while (!TryConsume('}'))
        {
            var key = ReadKey();
            SkipTrivia();
            if (!TryConsume(':'))
            {
                throw Unexpected("expected ':'");
            }

            SkipTrivia();
            // Last duplicate wins, matching JSON.parse and the JSON5 reference implementation.
            _path.Add(key);
            result[key] = ReadValue(depth + 1);
            _path.RemoveAt(_path.Count - 1);
            ReadSeparator('}');
        }

        return result;
    }

    private JsonArray ReadArray(int depth)
    {
        EnterContainer(depth);
        var result = new JsonArray();
        SkipTrivia();
        while (!TryConsume(']'))
        {
            _path.Add(null);
            result.Add(ReadValue(depth + 1));
            _path.RemoveAt(_path.Count - 1);
            ReadSeparator(']');
        }

        return result;
    }

    private void EnterContainer(int depth)
    {
        if (depth >= Json5.MaxDepth)
        {
            throw Error(_pos, $"nesting depth exceeds the limit of {Json5.MaxDepth}");
        }

        _pos++;
    }

    // Leaves the closing bracket for the caller's loop to consume, which is what makes a trailing comma legal.
    private void ReadSeparator(char close)
    {
        SkipTrivia();
        if (TryConsume(','))
        {
            SkipTrivia();
        }
        else if (_pos == _text.Length || _text[_pos] != close)
        {
            throw Unexpected($"expected ',' or '{close}'");
        }
    }

    private string ReadKey()
    {
        if (_pos < _text.Length && _text[_pos] is '"' or '\'')
        {
            return ReadString();
        }

        if (_pos < _text.Length && (_text[_pos] == '\\' || Json5Syntax.IsIdentifierCharAt(_text, _pos, start: true, out _)))
        {
            return ReadIdentifier();
        }

        throw Unexpected("expected a property name or '}'");
    }

    private string ReadIdentifier()
    {
        var start = _pos;
        var escaped = false;
        while (_pos < _text.Length)
        {
            var first = _pos == start;
            if (_text[_pos] == '\\')
            {
                if (Peek(1) != 'u' || !Json5Syntax.TryReadHex(_text, _pos + 2, 4, out var code) || !Json5Syntax.IsIdentifierCodePoint(code, first))
                {
                    throw Error(_pos, "invalid escape sequence in property name");
                }

                if (!escaped)
                {
                    _buffer.Clear().Append(_text, start, _pos - start);
                    escaped = true;
                }

                _buffer.Append((char)code);
                _pos += 6;
            }
            else if (Json5Syntax.IsIdentifierCharAt(_text, _pos, first, out var width))
            {
                if (escaped)
                {
                    _buffer.Append(_text, _pos, width);
                }

                _pos += width;
            }
            else
            {
                break;
            }
        }

        return escaped ? _buffer.ToString() : _text[start.._pos];
    }

    private string ReadString()
    {
        var quote = _text[_pos];
        var stops = quote == '"' ? DoubleQuotedStops : SingleQuotedStops;
        var start = _pos++;
        _buffer.Clear();
        while (true)
        {
            var offset = _text.AsSpan(_pos).IndexOfAny(stops);
            if (offset < 0 || _text[_pos + offset] is '\n' or '\r')
            {
                throw Error(start, "unterminated string");
            }

            _buffer.Append(_text, _pos, offset);
            _pos += offset + 1;
            if (_text[_pos - 1] == quote)
            {
                return _buffer.ToString();
            }

            if (_pos == _text.Length)
            {
                throw Error(start, "unterminated string");
            }

            if (Json5Syntax.AppendEscape(_text, ref _pos, _buffer) is { } error)
            {
                throw Error(_pos, error);
            }
        }
    }

    private JsonNode ReadNumber()
    {
        var start = _pos;
        var negative = Peek() == '-';
        _ = TryConsume('+') || TryConsume('-');
        switch (Peek())
        {
            case 'I':
                return ReadLiteral("Infinity", JsonValue.Create(negative ? double.NegativeInfinity : double.PositiveInfinity));
            case 'N':
                return ReadLiteral("NaN", JsonValue.Create(double.NaN));
            case '0' when Peek(1) is 'x' or 'X':
                _pos += 2;
                var hexDigits = SkipAll(Json5Syntax.HexDigits);
                return hexDigits > 0
                    ? Json5Syntax.HexNumber(_text.AsSpan(_pos - hexDigits, hexDigits), negative)
                    : throw Unexpected("expected a hex digit");
        }

        var integerDigits = SkipAll(Digits);
        if (integerDigits > 1 && _text[_pos - integerDigits] == '0')
        {
            throw Error(_pos - integerDigits + 1, "invalid number, leading zeros are not allowed");
        }

        var hasDigits = integerDigits > 0;
        if (TryConsume('.'))
        {
            hasDigits |= SkipAll(Digits) > 0;
        }

        if (!hasDigits)
        {
            throw Unexpected("expected a digit");
        }

        if (TryConsume('e') || TryConsume('E'))
        {
            _ = TryConsume('+') || TryConsume('-');
            if (SkipAll(Digits) == 0)
            {
                throw Unexpected("expected a digit in the exponent");
            }
        }

        return Json5Syntax.DecimalNumber(_text.AsSpan(start, _pos - start));
    }

    private int SkipAll(SearchValues<char> chars)
    {
        var length = _text.AsSpan(_pos).IndexOfAnyExcept(chars);
        length = length < 0 ? _text.Length - _pos : length;
        _pos += length;
        return length;
    }

    private T ReadLiteral<T>(string word, T value)
    {
        foreach (var expected in word)
        {
            if (!TryConsume(expected))
            {
                throw Unexpected($"expected '{word}'");
            }
        }

        return value;
    }

    private void SkipTrivia()
    {
        while (_pos < _text.Length)
        {
            if (_text[_pos] == '/' && Peek(1) == '/')
            {
                var end = _text.AsSpan(_pos).IndexOfAny(LineTerminators);
                _pos = end < 0 ? _text.Length : _pos + end;
            }
            else if (_text[_pos] == '/' && Peek(1) == '*')
            {
                var end = _text.AsSpan(_pos + 2).IndexOf("*/", StringComparison.Ordinal);
                _pos = end < 0 ? throw Error(_pos, "unterminated comment") : _pos + end + 4;
            }
            else if (Json5Syntax.IsWhiteSpace(_text[_pos]))
            {
                _pos++;
            }
            else
            {
                return;
            }
        }
    }

    // Callers never act on the '\0' returned at the end of input without also checking the position.
    private char Peek(int ahead = 0) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private bool TryConsume(char c)
    {
        if (_pos < _text.Length && _text[_pos] == c)
        {
            _pos++;
            return true;
        }

        return false;
    }

    private Json5Exception Unexpected(string hint) => _pos == _text.Length
        ? Error(_pos, $"unexpected end of input, {hint}")
        : Error(_pos, $"unexpected character {Json5Syntax.Describe(_text[_pos])}, {hint}");

    private Json5Exception Error(int position, string detail) => Json5Exception.At(_text, position, detail);
}

/// <summary>A scalar value in JSON5 text: its span (quotes included) and the keys leading to it (null for an array index).</summary>
internal readonly record struct Json5Scalar(int Start, int Length, IReadOnlyList<string?> Path, JsonNode? Value);
