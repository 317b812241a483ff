using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using OpenClaw.Core.Json;
using OpenClaw.Core.Memory;

namespace OpenClaw.Core.Tests.Memory;

public sealed class ExactJsonTests
{
    private static readonly JsonWriterOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TheoryData<string> Documents => new()
    {
        "empty-object",
        "number-last",
        "short-string-last",
        "nested",
        "escapes",
        "large",
        "indented",
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void Write_Document_IsExactlyWhatAPlainWriterWrites(string name)
    {
        // Arrange
        var (options, write) = Document(name);

        // Act
        var exact = ExactJson.Write(options, write);

        // Assert
        exact.Should().Equal(Plain(options, write));
        ExactJson.Count(options, write).Should().Be(exact.Length);
    }

    [Fact]
    public void Write_EveryLengthUpToSeveralGrowths_IsExactlyWhatAPlainWriterWrites()
    {
        // Arrange: a string of each length, then numbers and a short string, so the end of the array falls at every
        // position relative to the writer's requests (it asks for 4 KiB or more at a time, and up to 20 bytes for a
        // number that takes 1): the tail is written through the spill buffer.
        for (var length = 0; length < 10_000; length += 7)
        {
            var filler = new string('x', length);
            void Write(Utf8JsonWriter writer)
            {
                writer.WriteStartObject();
                writer.WriteString("filler"u8, filler);
                writer.WriteNumber("a"u8, 1);
                writer.WriteNumber("b"u8, 1.5);
                writer.WriteNumber("c"u8, long.MinValue);
                writer.WriteString("d"u8, "é");
                writer.WriteBoolean("e"u8, true);
                writer.WriteNumber("f"u8, 7);
                writer.WriteEndObject();
            }

            // Act
            var exact = ExactJson.Write(Relaxed, Write);

            // Assert
            exact.Should().Equal(Plain(Relaxed, Write), $"filler of {length}");
        }
    }

    [Fact]
    public void Write_NothingWritten_IsAnEmptyArray()
    {
        // Act
        var exact = ExactJson.Write(default, _ => { });

        // Assert
        exact.Should().BeEmpty();
        ExactJson.Count(default, _ => { }).Should().Be(0);
    }

    [Fact]
    public void Write_PassesThatDiffer_Throws()
    {
        // Arrange: a callback that writes more the second time
        var calls = 0;
        void Write(Utf8JsonWriter writer) => writer.WriteStringValue(new string('x', ++calls * 10));

        // Act
        var act = () => ExactJson.Write(default, Write);

        // Assert
        act.Should().Throw<Exception>();
        calls.Should().Be(2);
    }

    [Fact]
    public void Write_PassesThatDifferByWritingLess_ThrowsInvalidOperation()
    {
        // Arrange
        var calls = 0;
        void Write(Utf8JsonWriter writer) => writer.WriteStringValue(new string('x', 100 / ++calls));

        // Act
        var act = () => ExactJson.Write(default, Write);

        // Assert
        act.Should().Throw<InvalidOperationException>().WithMessage("The two passes wrote different JSON.");
    }

    [Fact]
    public void Count_LargeDocumentWrittenInSlices_NeedsNoBufferOfItsSize()
    {
        // Arrange: 3 MiB of text counted; the counting writer reuses one scratch buffer for every slice
        var text = new string('y', 3 * 1024 * 1024);
        void Write(Utf8JsonWriter writer) => writer.WriteLongStringValue(text);

        // Act
        var before = GC.GetAllocatedBytesForCurrentThread();
        var count = ExactJson.Count(default, Write);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert
        count.Should().Be(text.Length + 2);
        allocated.Should().BeLessThan(text.Length / 8, "a slice's worth of scratch is allocated, not the document");
    }

    private static (JsonWriterOptions Options, Action<Utf8JsonWriter> Write) Document(string name) => name switch
    {
        "empty-object" => (default, w =>
        {
            w.WriteStartObject();
            w.WriteEndObject();
        }),
        "number-last" => (default, w =>
        {
            w.WriteStartArray();
            w.WriteStringValue(new string('n', 5000));
            w.WriteNumberValue(42);
            w.WriteNumberValue(-0.125);
            w.WriteNumberValue(ulong.MaxValue);
            w.WriteEndArray();
        }),
        "short-string-last" => (Relaxed, w =>
        {
            w.WriteStartObject();
            w.WriteString("long"u8, new string('s', 20_000));
            w.WriteString("k"u8, "v");
            w.WriteEndObject();
        }),
        "nested" => (default, w =>
        {
            w.WriteStartObject();
            for (var i = 0; i < 200; i++)
            {
                w.WriteStartArray($"a{i}");
                w.WriteNullValue();
                w.WriteBooleanValue(i % 2 == 0);
                w.WriteStartObject();
                w.WriteNumber("i"u8, i);
                w.WriteEndObject();
                w.WriteEndArray();
            }

            w.WriteEndObject();
        }),
        "escapes" => (default, w =>
        {
            w.WriteStartObject();
            w.WriteString("t"u8, "\"quotes\" \\ \n\t\u0001 <html> & é € 😀");
            w.WriteEndObject();
        }),
        "large" => (Relaxed, w =>
        {
            w.WriteStartObject();
            w.WriteString("type"u8, "message");
            w.WriteString("content"u8, string.Concat(Enumerable.Repeat("é€😀\"\n", 300_000)));
            w.WriteNumber("timestamp"u8, 1_700_000_000_000);
            w.WriteEndObject();
        }),
        "indented" => (new JsonWriterOptions { Indented = true }, w =>
        {
            w.WriteStartObject();
            w.WriteString("a"u8, new string('i', 9000));
            w.WriteStartArray("b"u8);
            w.WriteNumberValue(1);
            w.WriteNumberValue(2);
            w.WriteEndArray();
            w.WriteEndObject();
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static byte[] Plain(JsonWriterOptions options, Action<Utf8JsonWriter> write)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output, options))
        {
            write(writer);
        }

        return output.WrittenSpan.ToArray();
    }
}
