using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using OpenClaw.Core.Providers;
using OpenClaw.Core.Providers.Anthropic;
using OpenClaw.Core.Providers.Ollama;
using OpenClaw.Core.Providers.OpenAi;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Providers;

/// <summary>How each adapter puts a user turn's images on the wire (agent-runtime.md §5.3).</summary>
public sealed class ImagePartsWriterTests
{
    private static readonly string Png64 = TestImages.PngBase64;
    private static readonly string Gif64 = Convert.ToBase64String(TestImages.Gif);

    [Fact]
    public void OpenAiWrite_UserTurnWithImages_SendsTextThenDataUrlParts()
    {
        // Act
        var body = Write(OpenAiRequestWriter.Write, Conversation());

        // Assert
        body.Should().Contain(
            "\"messages\":[{\"role\":\"system\",\"content\":\"sys\"},{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"describe\"},"
            + $"{{\"type\":\"image_url\",\"image_url\":{{\"url\":\"data:image/png;base64,{Png64}\"}}}},"
            + $"{{\"type\":\"image_url\",\"image_url\":{{\"url\":\"data:image/gif;base64,{Gif64}\"}}}}]}}]");
    }

    [Fact]
    public void OpenAiWrite_NoImages_KeepsStringContent()
    {
        // Act
        var body = Write(OpenAiRequestWriter.Write, [new ChatMessage(ChatRole.User, "hi")]);

        // Assert
        body.Should().Contain("""
            "messages":[{"role":"user","content":"hi"}]
            """);
    }

    [Fact]
    public void OllamaWrite_UserTurnWithImages_SendsBase64ImagesBesideTheText()
    {
        // Act
        var body = Write(OllamaRequestWriter.Write, Conversation());

        // Assert
        body.Should().Contain(
            "\"messages\":[{\"role\":\"system\",\"content\":\"sys\"},"
            + $"{{\"role\":\"user\",\"content\":\"describe\",\"images\":[\"{Png64}\",\"{Gif64}\"]}}]");
    }

    [Fact]
    public void AnthropicBuild_UserTurnWithImages_SendsBase64ImageBlocksAfterTheText()
    {
        // Act
        var parameters = AnthropicRequest.Build(Conversation(), new ChatOptions { ModelId = "claude-test", MaxOutputTokens = 10 });

        // Assert
        var messages = JsonNode.Parse(parameters.RawBodyData["messages"].GetRawText())!;
        var expected = new JsonArray(new JsonObject
        {
            ["role"] = "user",
            ["content"] = new JsonArray(
                new JsonObject { ["type"] = "text", ["text"] = "describe" },
                Image("image/png", Png64),
                Image("image/gif", Gif64)),
        });
        JsonNode.DeepEquals(messages, expected).Should().BeTrue(messages.ToJsonString());
    }

    private static JsonObject Image(string mime, string data) => new()
    {
        ["type"] = "image",
        ["source"] = new JsonObject { ["type"] = "base64", ["media_type"] = mime, ["data"] = data },
    };

    private static List<ChatMessage> Conversation() =>
    [
        new(ChatRole.System, "sys"),
        new(ChatRole.User, [new TextContent("describe"), new DataContent(TestImages.Png, "image/png"), new DataContent(TestImages.Gif, "image/gif")]),
    ];

    /// <summary>The raw body as it goes on the wire (re-serializing it would escape <c>+</c>).</summary>
    private static string Write(Action<Utf8JsonWriter, string, IEnumerable<ChatMessage>, ChatOptions?> write, List<ChatMessage> messages)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, ProviderHttp.RequestWriterOptions))
        {
            write(writer, "m", messages, null);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
