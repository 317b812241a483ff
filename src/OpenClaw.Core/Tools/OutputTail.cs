using System.Text;

namespace OpenClaw.Core.Tools;

/// <summary>
/// The last <c>capacity</c> bytes of a process's combined output, in a fixed ring buffer so a chatty command cannot
/// grow memory. Writers append whole UTF-8 sequences (see <see cref="CompleteUtf8Length"/>) so stdout and stderr
/// chunks never interleave inside a character.
/// </summary>
internal sealed class OutputTail(int capacity)
{
    private readonly byte[] _ring = new byte[capacity];
    private readonly Lock _gate = new();
    private long _written;

    public void Append(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            if (data.Length > capacity)
            {
                _written += data.Length - capacity;
                data = data[^capacity..];
            }

            var position = (int)(_written % capacity);
            var first = Math.Min(data.Length, capacity - position);
            data[..first].CopyTo(_ring.AsSpan(position));
            data[first..].CopyTo(_ring);
            _written += data.Length;
        }
    }

    /// <summary>The kept output as text, and whether earlier output was dropped.</summary>
    public (string Text, bool Truncated) Read()
    {
        lock (_gate)
        {
            var truncated = _written > capacity;
            var bytes = new byte[Math.Min(_written, capacity)];
            if (truncated)
            {
                var position = (int)(_written % capacity);
                _ring.AsSpan(position).CopyTo(bytes);
                _ring.AsSpan(0, position).CopyTo(bytes.AsSpan(capacity - position));
            }
            else
            {
                _ring.AsSpan(0, bytes.Length).CopyTo(bytes);
            }

            // The cut may fall inside a character: skip its continuation bytes rather than show a replacement char.
            var start = 0;
            while (truncated && start < Math.Min(3, bytes.Length) && (bytes[start] & 0xC0) == 0x80)
            {
                start++;
            }

            return (Encoding.UTF8.GetString(bytes, start, bytes.Length - start), truncated);
        }
    }

    /// <summary>The length of <paramref name="data"/> without an incomplete UTF-8 sequence at its end.</summary>
    public static int CompleteUtf8Length(ReadOnlySpan<byte> data)
    {
        for (var back = 1; back <= Math.Min(3, data.Length); back++)
        {
            var b = data[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }

            var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? data.Length - back : data.Length;
        }

        return data.Length;
    }
}
