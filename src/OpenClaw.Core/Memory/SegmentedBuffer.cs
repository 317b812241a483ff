using System.Buffers;

namespace OpenClaw.Core.Memory;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over pooled segments of at most <see cref="SegmentBytes"/>: a request body of any
/// size is written without one large, contiguous array (no large-object-heap allocation, no copy when it grows).
/// Dispose returns the segments.
/// </summary>
public sealed class SegmentedBuffer : IBufferWriter<byte>, IDisposable
{
    /// <summary>64 KiB: below the large-object threshold, so a segment the pool does not keep is cheap garbage.</summary>
    public const int SegmentBytes = 64 * 1024;

    private const int FirstSegmentBytes = 4 * 1024;

    private readonly List<(byte[] Array, int Length)> _full = [];
    private byte[]? _current;
    private int _written;

    /// <summary>Bytes written so far.</summary>
    public long Length { get; private set; }

    /// <summary>The written bytes, segment by segment, in order.</summary>
    public IEnumerable<ReadOnlyMemory<byte>> Segments
    {
        get
        {
            foreach (var (array, length) in _full)
            {
                yield return array.AsMemory(0, length);
            }

            if (_current is not null && _written > 0)
            {
                yield return _current.AsMemory(0, _written);
            }
        }
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_current is null || _written + count > _current.Length)
        {
            throw new InvalidOperationException("Advanced past the memory handed out.");
        }

        _written += count;
        Length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => Room(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => Room(sizeHint).Span;

    /// <summary>The written bytes as one array (tests, small bodies).</summary>
    public byte[] ToArray()
    {
        var result = new byte[Length];
        var at = 0;
        foreach (var segment in Segments)
        {
            segment.Span.CopyTo(result.AsSpan(at));
            at += segment.Length;
        }

        return result;
    }

    public void Dispose()
    {
        foreach (var (array, _) in _full)
        {
            ArrayPool<byte>.Shared.Return(array);
        }

        _full.Clear();
        if (_current is not null)
        {
            ArrayPool<byte>.Shared.Return(_current);
            _current = null;
        }
    }

    private Memory<byte> Room(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_current is not null && _current.Length - _written >= needed)
        {
            return _current.AsMemory(_written);
        }

        if (_current is not null)
        {
            _full.Add((_current, _written));
        }

        // Segments grow from 4 KiB (most bodies are small) to 64 KiB; a larger hint gets what it asks for.
        var size = Math.Max(needed, _current is null ? FirstSegmentBytes : SegmentBytes);
        _current = ArrayPool<byte>.Shared.Rent(size);
        _written = 0;
        return _current;
    }
}
