using System.Text.Json;
using OpenClaw.Gateway.Inputs;

namespace OpenClaw.Gateway.Tests.Inputs;

/// <summary>The UTF-8 text of a JSON string value, unescaped only when it has escapes.</summary>
public sealed class JsonUtf8Tests
{
    [Theory]
    [InlineData("\"QUJD\"", "QUJD")]
    [InlineData("\"data:image\\/png;base64,QQ==\"", "data:image/png;base64,QQ==")]
    [InlineData("\"\\u00e9t\\u00e9\"", "été")]
    [InlineData("\"\"", "")]
    public void Of_GivesTheUnescapedText(string json, string expected)
    {
        // Arrange
        using var document = JsonDocument.Parse(json);

        // Act
        using var text = JsonUtf8.Of(document.RootElement);

        // Assert
        text.Span.ToArray().Should().Equal(System.Text.Encoding.UTF8.GetBytes(expected));
    }
}
