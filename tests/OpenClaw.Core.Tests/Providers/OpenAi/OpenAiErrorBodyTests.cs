using System.Text;
using OpenClaw.Core.Providers.OpenAi;

namespace OpenClaw.Core.Tests.Providers.OpenAi;

public class OpenAiErrorBodyTests
{
    [Fact]
    public void Describe_JsonWithInvalidUtf8InTheMessage_FallsBackToTheText_InsteadOfThrowing()
    {
        // Arrange: {"error":{"message":"bad <0xFF> byte"}}
        var body = Encoding.UTF8.GetBytes("""{"error":{"message":"bad """).Concat(new byte[] { 0xFF }).Concat(Encoding.UTF8.GetBytes(""" byte"}}""")).ToArray();

        // Act
        var (message, code) = OpenAiErrorBody.Describe(429, body);

        // Assert
        message.Should().Be("429 {\"error\":{\"message\":\"bad \uFFFD byte\"}}");
        code.Should().BeNull();
    }

    [Fact]
    public void Describe_OpenAiErrorEnvelope_IsStatusAndMessageWithCode()
    {
        // Act
        var (message, code) = Describe(429, """{"error":{"message":"mock upstream forced status 429","type":"rate_limit_error","param":null,"code":"rate_limited"}}""");

        // Assert
        message.Should().Be("429 mock upstream forced status 429");
        code.Should().Be("rate_limited");
    }

    [Fact]
    public void Describe_ErrorEnvelopeWithoutCode_HasNullCode()
    {
        // Act
        var (message, code) = Describe(401, """{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":null}}""");

        // Assert
        message.Should().Be("401 Incorrect API key provided");
        code.Should().BeNull();
    }

    [Theory]
    [InlineData("""{"message":"top-level message"}""", "400 top-level message")]
    [InlineData("""{"error":"bare string error"}""", "400 bare string error")]
    [InlineData("""{"detail":{"x":1},"error":{"message":"after other keys"}}""", "400 after other keys")]
    public void Describe_OtherJsonShapes_FindTheMessage(string body, string expected)
    {
        // Act
        var (message, _) = Describe(400, body);

        // Assert
        message.Should().Be(expected);
    }

    [Theory]
    [InlineData("Bad Gateway", "502 Bad Gateway")]
    [InlineData("  <html>upstream error</html>\n", "502 <html>upstream error</html>")]
    [InlineData("""{"status":"down"}""", """502 {"status":"down"}""")]
    [InlineData("""{"error":{"message":""}}""", """502 {"error":{"message":""}}""")]
    [InlineData("{broken json", "502 {broken json")]
    public void Describe_NonJsonOrMessagelessBody_UsesTheBodyText(string body, string expected)
    {
        // Act
        var (message, code) = Describe(502, body);

        // Assert
        message.Should().Be(expected);
        code.Should().BeNull();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n")]
    public void Describe_EmptyBody_SaysSo(string body)
    {
        // Act
        var (message, _) = Describe(500, body);

        // Assert
        message.Should().Be("500 status code (no body)");
    }

    [Fact]
    public void Describe_LongPlainText_IsCutAt500Characters()
    {
        // Act
        var (message, _) = Describe(503, new string('x', 2_000));

        // Assert
        message.Should().Be("503 " + new string('x', 500));
    }

    private static (string Message, string? Code) Describe(int status, string body) => OpenAiErrorBody.Describe(status, Encoding.UTF8.GetBytes(body));
}
