using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;
using OpenClaw.Core.Json;
using OpenClaw.Core.Providers;

namespace OpenClaw.Core.Tests.Providers;

public sealed class StreamedJsonContentTests
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(64 * 1024)]
    [InlineData((3 * 1024 * 1024) + 11)]
    public async Task CopyToAsync_Document_SendsExactlyTheJsonWithItsContentLength(int textLength)
    {
        // Arrange
        var write = Document(textLength);
        using var content = new StreamedJsonContent(write, Options, Json);
        using var stream = new MemoryStream();

        // Act
        await content.CopyToAsync(stream);

        // Assert
        var expected = Plain(write);
        stream.ToArray().Should().Equal(expected);
        content.Headers.ContentLength.Should().Be(expected.Length);
        content.Headers.ContentType!.MediaType.Should().Be("application/json");
    }

    [Fact]
    public async Task ReadAsByteArrayAsync_LargeDocument_IsTheJson()
    {
        // Arrange
        var write = Document(2 * 1024 * 1024);
        using var content = new StreamedJsonContent(write, Options, Json);

        // Act
        var bytes = await content.ReadAsByteArrayAsync();

        // Assert
        bytes.Should().Equal(Plain(write));
        using var parsed = JsonDocument.Parse(bytes);
        parsed.RootElement.GetProperty("text").GetString()!.Length.Should().Be(2 * 1024 * 1024);
    }

    [Fact]
    public async Task CopyToAsync_PassesThatDiffer_Fails()
    {
        // Arrange: the first (counting) pass and the sending pass write different lengths
        var calls = 0;
        void Write(Utf8JsonWriter writer) => writer.WriteStringValue(new string('x', ++calls * 100));
        using var content = new StreamedJsonContent(Write, Options, Json);
        using var stream = new MemoryStream();

        // Act
        var act = () => content.CopyToAsync(stream);

        // Assert
        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("The two passes wrote different JSON.");
    }

    [Fact]
    public async Task CopyToAsync_CancelledBeforeItStarts_IsCancelled()
    {
        // Arrange
        using var content = new StreamedJsonContent(Document(10), Options, Json);
        using var stream = new MemoryStream();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        // Act
        var act = () => content.CopyToAsync(stream, cancelled.Token);

        // Assert
        await act.Should().ThrowAsync<OperationCanceledException>();
        stream.Length.Should().Be(0);
    }

    private static Action<Utf8JsonWriter> Document(int textLength)
    {
        var text = string.Concat(Enumerable.Repeat("ab\"é😀\n", (textLength / 7) + 1))[..textLength];
        if (text.Length > 0 && char.IsHighSurrogate(text[^1]))
        {
            text = text[..^1] + "z";
        }

        return writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("model"u8, "m");
            writer.WriteLongString("text"u8, text);
            writer.WriteNumber("n"u8, 12345);
            writer.WriteEndObject();
        };
    }

    private static byte[] Plain(Action<Utf8JsonWriter> write)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output, Options))
        {
            write(writer);
        }

        return output.WrittenSpan.ToArray();
    }
}
