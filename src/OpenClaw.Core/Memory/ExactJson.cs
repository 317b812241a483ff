using System.Buffers;
using System.Text.Json;

namespace OpenClaw.Core.Memory;

/// <summary>
/// JSON written into one array of exactly its length, in two passes: the first only counts the bytes (into a small
/// scratch buffer), the second writes them. For large documents (a 20 MiB transcript entry), where growing a buffer
/// would allocate and copy several times the final size.
/// </summary>
public static class ExactJson
{
    public static byte[] Write(JsonWriterOptions options, Action<Utf8JsonWriter> write)
    {
        var result = GC.AllocateUninitializedArray<byte>(checked((int)Count(options, write)));
        var target = new FixedWriter(result);
        using (var writer = new Utf8JsonWriter(target, options))
        {
            write(writer);
        }

        return target.Written == result.Length ? result : throw new InvalidOperationException("The two passes wrote different JSON.");
    }

    /// <summary>The length of the JSON <paramref name="write"/> produces, without keeping it.</summary>
    public static long Count(JsonWriterOptions options, Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var counter = new CountingWriter();
        using (var counting = new Utf8JsonWriter(counter, options))
        {
            write(counting);
        }

        return counter.Count;
    }

    /// <summary>Hands out one scratch buffer over and over and counts what is written into it.</summary>
    private sealed class CountingWriter : IBufferWriter<byte>
    {
        private byte[] _scratch = new byte[16 * 1024];

        public long Count { get; private set; }

        public void Advance(int count) => Count += count;

        public Memory<byte> GetMemory(int sizeHint = 0) => Scratch(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => Scratch(sizeHint);

        private byte[] Scratch(int sizeHint)
        {
            if (sizeHint > _scratch.Length)
            {
                _scratch = new byte[sizeHint];
            }

            return _scratch;
        }
    }

    /// <summary>
    /// Writes into a fixed array. The writer asks for room by worst case (a number may need 20 bytes and take 2):
    /// near the end of the array it gets a scratch buffer instead, whose bytes are copied in when they are committed.
    /// Running out of room for real is a bug of the first pass.
    /// </summary>
    private sealed class FixedWriter(byte[] target) : IBufferWriter<byte>
    {
        private byte[]? _spill;
        private bool _spilling;

        public int Written { get; private set; }

        public void Advance(int count)
        {
            if (_spilling)
            {
                _spill.AsSpan(0, count).CopyTo(target.AsSpan(Written));
                _spilling = false;
            }

            Written += count;
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => Room(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => Room(sizeHint).Span;

        private Memory<byte> Room(int sizeHint)
        {
            if (target.Length - Written >= Math.Max(sizeHint, 1))
            {
                _spilling = false;
                return target.AsMemory(Written);
            }

            if (_spill is null || _spill.Length < sizeHint)
            {
                _spill = new byte[Math.Max(sizeHint, 256)];
            }

            _spilling = true;
            return _spill;
        }
    }
}
