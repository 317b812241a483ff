using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using OpenClaw.Core.Json;
using OpenClaw.Core.Prompt;

namespace OpenClaw.Core.Tests.Json;

public sealed class LongJsonStringsTests
{
    private const int Slice = LongJsonStrings.SliceChars;

    public static TheoryData<string> LongStrings => new()
    {
        new string('a', Slice),
        new string('a', Slice + 1),
        new string('a', Slice - 1) + "😀" + "tail",
        new string('a', Slice - 2) + "😀" + "tail",
        new string('a', Slice) + "😀",
        string.Concat(Enumerable.Repeat("😀", Slice)),
        new string('a', Slice - 1) + "\"" + new string('b', Slice) + "\\",
        new string('a', Slice - 1) + "\n\u0001" + new string('b', Slice - 2) + "\u001f\t",
        new string('é', (Slice * 2) + 3) + "<>&'+",
        string.Concat(Enumerable.Repeat("x\"y\\z\u0000é€😀\r\n", Slice / 3)),
    };

    /// <summary>Text whose UTF-8 has a 2-, 3- or 4-byte sequence across every position of the slice boundary.</summary>
    public static TheoryData<string> LongUtf8Texts
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var character in new[] { "é", "€", "😀" })
            {
                var bytes = Encoding.UTF8.GetByteCount(character);
                for (var before = Slice - bytes; before <= Slice; before++)
                {
                    data.Add(new string('a', before) + character + new string('b', Slice + 5));
                }
            }

            data.Add(new string('a', Slice - 1) + "\"" + "\u0002" + new string('b', Slice));
            data.Add(new string('a', Slice - 1) + "\\\n" + new string('é', Slice));
            data.Add(string.Concat(Enumerable.Repeat("é€😀\"\u0007", Slice)));
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(LongStrings))]
    public void WriteLongString_LongText_EqualsWriteString(string text)
    {
        foreach (var encoder in new[] { null, JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
        {
            // Act
            var sliced = Property(encoder, w => w.WriteLongString("p"u8, text));

            // Assert
            sliced.Should().Equal(Property(encoder, w => w.WriteString("p"u8, text)));
        }
    }

    [Theory]
    [MemberData(nameof(LongStrings))]
    public void WriteLongStringValue_LongText_EqualsWriteStringValue(string text)
    {
        // Act
        var sliced = Value(null, w => w.WriteLongStringValue(text));

        // Assert
        sliced.Should().Equal(Value(null, w => w.WriteStringValue(text)));
        ReadBack(sliced).Should().Be(text);
    }

    [Theory]
    [InlineData(Slice - 1, "\ud800x")]
    [InlineData(Slice - 1, "\ud800")]
    [InlineData(Slice, "\udc00x")]
    [InlineData(Slice - 2, "\ud800\ud800")]
    public void WriteLongString_LoneSurrogateAtASliceBoundary_EqualsWriteString(int before, string lone)
    {
        // Arrange: not well-formed UTF-16; both ways must write the same replacement
        var text = new string('a', before) + lone + new string('b', Slice);

        // Act + Assert
        Property(null, w => w.WriteLongString("p"u8, text)).Should().Equal(Property(null, w => w.WriteString("p"u8, text)));
        Value(null, w => w.WriteLongStringValue(text)).Should().Equal(Value(null, w => w.WriteStringValue(text)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("short \"text\" é😀")]
    public void WriteLongString_ShortText_EqualsWriteString(string text)
    {
        // Act + Assert
        Property(null, w => w.WriteLongString("p"u8, text)).Should().Equal(Property(null, w => w.WriteString("p"u8, text)));
        Value(null, w => w.WriteLongStringValue(text)).Should().Equal(Value(null, w => w.WriteStringValue(text)));
    }

    [Theory]
    [MemberData(nameof(LongUtf8Texts))]
    public void WritePromptText_BoundaryInsideAMultiByteSequence_EqualsWriteString(string text)
    {
        // Arrange: one piece, so the slicing inside the piece is what is tested
        var prompt = PromptText.From(text);

        foreach (var encoder in new[] { null, JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
        {
            // Act
            var sliced = Property(encoder, w => w.WritePromptText("p"u8, prompt));

            // Assert
            sliced.Should().Equal(Property(encoder, w => w.WriteString("p"u8, text)));
        }
    }

    [Theory]
    [MemberData(nameof(LongUtf8Texts))]
    public void WritePromptTextValue_ManyPieces_EqualsWriteStringValue(string text)
    {
        // Arrange: the same text as pieces of uneven sizes cut at character boundaries
        var prompt = Pieces(text, 3, Slice + 7, 1, Slice - 1, 2 * Slice);

        // Act
        var sliced = Value(null, w => w.WritePromptTextValue(prompt));

        // Assert
        prompt.Pieces.Count.Should().BeGreaterThan(1);
        sliced.Should().Equal(Value(null, w => w.WriteStringValue(text)));
        ReadBack(sliced).Should().Be(text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("\"é\"")]
    public void WritePromptTextValue_ShortOrEmpty_EqualsWriteStringValue(string text)
    {
        // Act + Assert
        Value(null, w => w.WritePromptTextValue(PromptText.From(text))).Should().Equal(Value(null, w => w.WriteStringValue(text)));
        Value(null, w => w.WritePromptTextValue(PromptText.FromUtf8(ReadOnlyMemory<byte>.Empty))).Should().Equal(Value(null, w => w.WriteStringValue("")));
    }

    [Fact]
    public void WriteLongString_FourMiB_KeepsTheOutputBufferNearTheOutputSize()
    {
        // Arrange: 4 MiB of lines, with characters to escape
        var text = string.Concat(Enumerable.Repeat("a line of \"text\"\n", 4 * 1024 * 1024 / 16));
        var sliced = new PeakBufferWriter();
        var whole = new PeakBufferWriter();

        // Act
        Write(sliced, null, w => InObject(w, () => w.WriteLongString("content"u8, text)));
        Write(whole, null, w => InObject(w, () => w.WriteString("content"u8, text)));

        // Assert
        sliced.WrittenSpan.SequenceEqual(whole.WrittenSpan).Should().BeTrue();
        sliced.WrittenCount.Should().BeGreaterThan(4 * 1024 * 1024);
        sliced.Capacity.Should().BeLessThan(sliced.WrittenCount * 3 / 2);
        whole.Capacity.Should().BeGreaterThan(whole.WrittenCount * 2, "written whole, the string is asked for at three bytes a character");
    }

    [Fact]
    public void WritePromptText_FourMiB_KeepsTheOutputBufferNearTheOutputSize()
    {
        // Arrange: 4 MiB of UTF-8 lines in two pieces, with characters to escape
        const string Line = "ein \"Text\" €\n";
        var utf8 = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(Line, 4 * 1024 * 1024 / 14)));
        var cut = Encoding.UTF8.GetByteCount(Line) * 1000;
        var prompt = PromptText.FromUtf8(utf8.AsMemory(0, cut), utf8.AsMemory(cut));
        var sliced = new PeakBufferWriter();
        var whole = new PeakBufferWriter();

        // Act
        Write(sliced, JavaScriptEncoder.UnsafeRelaxedJsonEscaping, w => InObject(w, () => w.WritePromptText("content"u8, prompt)));
        Write(whole, JavaScriptEncoder.UnsafeRelaxedJsonEscaping, w => InObject(w, () => w.WriteString("content"u8, utf8)));

        // Assert
        sliced.WrittenSpan.SequenceEqual(whole.WrittenSpan).Should().BeTrue();
        sliced.WrittenCount.Should().BeGreaterThan(4 * 1024 * 1024);
        sliced.Capacity.Should().BeLessThan(sliced.WrittenCount * 3 / 2);
    }

    /// <summary>The text's UTF-8 cut into pieces of about the given byte sizes, moved back to character boundaries.</summary>
    private static PromptText Pieces(string text, params int[] sizes)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        var pieces = new List<ReadOnlyMemory<byte>>();
        var at = 0;
        for (var i = 0; at < utf8.Length; i++)
        {
            var end = Math.Min(utf8.Length, at + sizes[i % sizes.Length]);
            while (end < utf8.Length && (utf8[end] & 0xC0) == 0x80)
            {
                end--;
            }

            pieces.Add(utf8.AsMemory(at, end - at));
            at = end;
        }

        return PromptText.FromUtf8([.. pieces]);
    }

    private static void InObject(Utf8JsonWriter writer, Action write)
    {
        writer.WriteStartObject();
        write();
        writer.WriteEndObject();
    }

    private static byte[] Property(JavaScriptEncoder? encoder, Action<Utf8JsonWriter> write)
    {
        var output = new ArrayBufferWriter<byte>();
        Write(output, encoder, w =>
        {
            w.WriteStartObject();
            write(w);
            w.WriteNumber("after"u8, 1);
            w.WriteEndObject();
        });
        return output.WrittenSpan.ToArray();
    }

    private static byte[] Value(JavaScriptEncoder? encoder, Action<Utf8JsonWriter> write)
    {
        var output = new ArrayBufferWriter<byte>();
        Write(output, encoder, w =>
        {
            w.WriteStartArray();
            write(w);
            w.WriteEndArray();
        });
        return output.WrittenSpan.ToArray();
    }

    private static void Write(IBufferWriter<byte> output, JavaScriptEncoder? encoder, Action<Utf8JsonWriter> write)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = encoder });
        write(writer);
    }

    private static string ReadBack(byte[] array)
    {
        using var document = JsonDocument.Parse(array);
        return document.RootElement[0].GetString()!;
    }

    /// <summary>
    /// A buffer that grows only to what the writer asks for (at least by a quarter, not doubling as
    /// <see cref="ArrayBufferWriter{T}"/> does, whose own growth would hide the writer's): its capacity is the writer's
    /// peak demand.
    /// </summary>
    private sealed class PeakBufferWriter : IBufferWriter<byte>
    {
        private byte[] _buffer = [];

        public int WrittenCount { get; private set; }

        public int Capacity => _buffer.Length;

        public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, WrittenCount);

        public void Advance(int count) => WrittenCount += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            var needed = WrittenCount + Math.Max(sizeHint, 1);
            if (needed > _buffer.Length)
            {
                Array.Resize(ref _buffer, Math.Max(needed, _buffer.Length + (_buffer.Length / 4)));
            }

            return _buffer.AsMemory(WrittenCount);
        }

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
    }
}
