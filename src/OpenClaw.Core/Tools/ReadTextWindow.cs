using System.Text;

namespace OpenClaw.Core.Tools;

/// <summary>
/// The page of a text file <c>read</c> returns, fed the decoded text in chunks: lines from <c>startLine</c>, at most
/// <c>maxLines</c> of them and <c>maxBytes</c> of UTF-8, while every line is counted for the total. Memory stays
/// within one page whatever the file's size. Lines end at <c>\n</c>; a <c>\r</c> before it is dropped, and a final
/// newline does not start another line (as the original counts them).
/// </summary>
internal sealed class ReadTextWindow(int startLine, int maxLines, int maxBytes)
{
    private readonly StringBuilder _line = new();
    private readonly StringBuilder _page = new();
    private bool _lineOverflow;
    private bool _linePending;
    private int _pageBytes;
    private bool _done;

    /// <summary>Lines seen so far; after <see cref="Complete"/>, the file's line count.</summary>
    public int TotalLines { get; private set; }

    /// <summary>Number of the first line on the page; 0 when the page is empty.</summary>
    public int FirstLine { get; private set; }

    /// <summary>Number of the last line on the page (cut or whole).</summary>
    public int LastLine { get; private set; }

    /// <summary>The page's only line was longer than <c>maxBytes</c> and is cut to its first <c>maxBytes</c>.</summary>
    public bool LineCut { get; private set; }

    public string Page => _page.ToString();

    private bool Selecting => !_done && TotalLines + 1 >= startLine;

    public void Append(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            var newline = text.IndexOf('\n');
            var segment = newline < 0 ? text : text[..newline];
            if (!segment.IsEmpty)
            {
                _linePending = true;
                if (Selecting)
                {
                    // One character more than the byte budget tells a line that cannot fit (UTF-8 needs at least
                    // a byte per UTF-16 unit) without keeping a huge line in memory.
                    var room = maxBytes + 1 - _line.Length;
                    _line.Append(segment[..Math.Min(room, segment.Length)]);
                    _lineOverflow |= segment.Length > room;
                }
            }

            if (newline < 0)
            {
                return;
            }

            EndLine();
            text = text[(newline + 1)..];
        }
    }

    public void Complete()
    {
        if (_linePending)
        {
            EndLine();
        }
    }

    private void EndLine()
    {
        if (Selecting)
        {
            AddToPage(TotalLines + 1);
        }

        TotalLines++;
        _line.Clear();
        _lineOverflow = false;
        _linePending = false;
    }

    private void AddToPage(int lineNumber)
    {
        if (!_lineOverflow && _line.Length > 0 && _line[^1] == '\r')
        {
            _line.Length--;
        }

        var text = _line.ToString();
        var bytes = _lineOverflow ? int.MaxValue : Encoding.UTF8.GetByteCount(text);
        var separator = FirstLine == 0 ? 0 : 1;
        if (FirstLine == 0 && bytes > maxBytes)
        {
            _page.Append(Utf8Prefix(text, maxBytes));
            FirstLine = LastLine = lineNumber;
            LineCut = true;
            _done = true;
            return;
        }

        if ((long)_pageBytes + separator + bytes > maxBytes)
        {
            _done = true;
            return;
        }

        _page.Append('\n', separator).Append(text);
        _pageBytes += separator + bytes;
        FirstLine = FirstLine == 0 ? lineNumber : FirstLine;
        LastLine = lineNumber;
        _done = LastLine - FirstLine + 1 >= maxLines;
    }

    /// <summary>The longest prefix of <paramref name="text"/> within <paramref name="maxBytes"/> UTF-8 bytes, never half a pair.</summary>
    private static string Utf8Prefix(string text, int maxBytes)
    {
        var bytes = 0;
        var length = 0;
        while (length < text.Length)
        {
            var pair = char.IsHighSurrogate(text[length]) && length + 1 < text.Length && char.IsLowSurrogate(text[length + 1]);
            var size = pair ? 4 : text[length] < 0x80 ? 1 : text[length] < 0x800 ? 2 : 3;
            if (bytes + size > maxBytes)
            {
                break;
            }

            bytes += size;
            length += pair ? 2 : 1;
        }

        return text[..length];
    }
}
