using System.Text;

namespace OpenClaw.Core.Runs;

/// <summary>
/// Turns provider text chunks of one assistant message into the deltas clients see (agent-runtime.md §1.2):
/// leading whitespace is dropped and trailing whitespace is held back until more text follows (and dropped at the
/// end), as the original does; text that could still become the silent reply <c>NO_REPLY</c> is held until it
/// cannot.
/// </summary>
internal sealed class AssistantTextAccumulator
{
    private const string SilentReply = "NO_REPLY";

    private readonly StringBuilder _text = new();
    private int _emitted;

    /// <summary>Everything emitted so far (the cumulative text of assistant events).</summary>
    public string EmittedText => _text.ToString(0, _emitted);

    public bool HasText => _text.Length > 0;

    /// <summary>Adds a provider chunk; returns the delta to publish, or null when nothing is visible yet.</summary>
    public string? Append(string chunk)
    {
        // Leading whitespace of the message never becomes visible.
        _text.Append(_text.Length == 0 ? chunk.TrimStart() : chunk);
        if (CouldBeSilent())
        {
            return null;
        }

        return Flush(VisibleEnd());
    }

    /// <summary>Ends the message: returns its payload text (null for a silent reply) and a last delta to publish.</summary>
    public (string? Payload, string? Delta) Complete()
    {
        var end = VisibleEnd();
        var payload = _text.ToString(0, end);
        if (payload == SilentReply)
        {
            return (null, null);
        }

        return (payload, Flush(end));
    }

    private string? Flush(int end)
    {
        if (end <= _emitted)
        {
            return null;
        }

        var delta = _text.ToString(_emitted, end - _emitted);
        _emitted = end;
        return delta;
    }

    private int VisibleEnd()
    {
        var end = _text.Length;
        while (end > 0 && char.IsWhiteSpace(_text[end - 1]))
        {
            end--;
        }

        return end;
    }

    private bool CouldBeSilent()
    {
        var length = VisibleEnd();
        if (length > SilentReply.Length)
        {
            return false;
        }

        for (var i = 0; i < length; i++)
        {
            if (_text[i] != SilentReply[i])
            {
                return false;
            }
        }

        return true;
    }
}
