using System.Text;

namespace OpenClaw.Core.Prompt;

/// <summary>
/// Text as UTF-8 pieces, kept apart rather than joined: the way a large prompt travels from the request body that
/// holds it to the transcript and the model's request without ever being copied into one UTF-16 string (a 20 MiB
/// message would otherwise cost 40 MiB per copy). Every piece is valid UTF-8. Small text simply converts from a string.
/// </summary>
public sealed class PromptText
{
    public static readonly PromptText Empty = new([]);

    private readonly ReadOnlyMemory<byte>[] _pieces;
    private long _charLength = -1;

    private PromptText(ReadOnlyMemory<byte>[] pieces)
    {
        _pieces = pieces;
        foreach (var piece in pieces)
        {
            ByteLength += piece.Length;
        }
    }

    /// <summary>The text, piece by piece, in order (valid UTF-8 each).</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Pieces => _pieces;

    public long ByteLength { get; }

    /// <summary>The length in UTF-16 characters, as <see cref="ToString"/> would have it (counted on first use).</summary>
    public long CharLength
    {
        get
        {
            if (_charLength < 0)
            {
                long chars = 0;
                foreach (var piece in _pieces)
                {
                    chars += Encoding.UTF8.GetCharCount(piece.Span);
                }

                _charLength = chars;
            }

            return _charLength;
        }
    }

    public bool IsEmpty => ByteLength == 0;

    public static implicit operator PromptText(string text) => From(text);

    public static PromptText From(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == 0 ? Empty : new([Encoding.UTF8.GetBytes(text)]);
    }

    /// <summary>
    /// Text over <paramref name="pieces"/> as they are (no copy); the caller guarantees valid UTF-8 and that the memory
    /// stays unchanged for as long as the text is used.
    /// </summary>
    public static PromptText FromUtf8(params ReadOnlyMemory<byte>[] pieces)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        var kept = Array.FindAll(pieces, p => !p.IsEmpty);
        return kept.Length == 0 ? Empty : new(kept);
    }

    /// <summary>The texts one after the other.</summary>
    public static PromptText Concat(params PromptText[] texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return FromUtf8([.. texts.SelectMany(t => t._pieces)]);
    }

    /// <summary>
    /// The text without leading and trailing white space (the characters <see cref="string.Trim()"/> removes), as
    /// slices of the same pieces.
    /// </summary>
    public PromptText Trim()
    {
        var pieces = new List<ReadOnlyMemory<byte>>(_pieces);
        var changed = false;
        while (pieces.Count > 0 && LeadingWhiteSpace(pieces[0].Span) is var start and > 0)
        {
            changed = true;
            pieces[0] = pieces[0][start..];
            if (!pieces[0].IsEmpty)
            {
                break;
            }

            pieces.RemoveAt(0);
        }

        while (pieces.Count > 0 && TrailingWhiteSpace(pieces[^1].Span) is var trailing and > 0)
        {
            changed = true;
            pieces[^1] = pieces[^1][..^trailing];
            if (!pieces[^1].IsEmpty)
            {
                break;
            }

            pieces.RemoveAt(pieces.Count - 1);
        }

        return changed ? FromUtf8([.. pieces]) : this;
    }

    /// <summary>The text as one string; for small texts and for consumers that cannot take pieces.</summary>
    public override string ToString()
    {
        if (_pieces.Length == 1)
        {
            return Encoding.UTF8.GetString(_pieces[0].Span);
        }

        var length = 0;
        foreach (var piece in _pieces)
        {
            length += Encoding.UTF8.GetCharCount(piece.Span);
        }

        return string.Create(length, _pieces, static (destination, pieces) =>
        {
            foreach (var piece in pieces)
            {
                destination = destination[Encoding.UTF8.GetChars(piece.Span, destination)..];
            }
        });
    }

    private static int LeadingWhiteSpace(ReadOnlySpan<byte> utf8)
    {
        var at = 0;
        while (at < utf8.Length && Rune.DecodeFromUtf8(utf8[at..], out var rune, out var length) == System.Buffers.OperationStatus.Done && Rune.IsWhiteSpace(rune))
        {
            at += length;
        }

        return at;
    }

    private static int TrailingWhiteSpace(ReadOnlySpan<byte> utf8)
    {
        var end = utf8.Length;
        while (end > 0 && Rune.DecodeLastFromUtf8(utf8[..end], out var rune, out var length) == System.Buffers.OperationStatus.Done && Rune.IsWhiteSpace(rune))
        {
            end -= length;
        }

        return utf8.Length - end;
    }
}
