using System.Text;
using OpenClaw.Core.Providers.OpenAi;

namespace OpenClaw.Core.Tests.Providers.OpenAi;

public class OpenAiErrorBodyTests
{
    [Fact]
    public void Describe_JsonWithInvalidUtf8InTheMessage_IsGeneric_InsteadOfThrowing()
    {
        // Arrange: {"error":{"message":"bad <0xFF> byte"}}
        var body = Encoding.UTF8.GetBytes("""{"error":{"message":"bad """).Concat(new byte[] { 0xFF }).Concat(Encoding.UTF8.GetBytes(""" byte"}}""")).ToArray();

        // Act
        var (message, code, unstructured) = OpenAiErrorBody.Describe(429, body);

        // Assert
        message.Should().Be("429 upstream returned HTTP 429");
        code.Should().BeNull();
        unstructured.Should().Be("{\"error\":{\"message\":\"bad \uFFFD byte\"}}");
    }

    [Fact]
    public void Describe_OpenAiErrorEnvelope_IsStatusAndMessageWithCode()
    {
        // Act
        var (message, code, unstructured) = Describe(429, """{"error":{"message":"mock upstream forced status 429","type":"rate_limit_error","param":null,"code":"rate_limited"}}""");

        // Assert
        message.Should().Be("429 mock upstream forced status 429");
        code.Should().Be("rate_limited");
        unstructured.Should().BeNull();
    }

    [Fact]
    public void Describe_ErrorEnvelopeWithoutCode_HasNullCode()
    {
        // Act
        var (message, code, _) = Describe(401, """{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":null}}""");

        // Assert
        message.Should().Be("401 Incorrect API key provided");
        code.Should().BeNull();
    }

    [Theory]
    [InlineData("""{"message":"top-level message"}""", "400 top-level message")]
    [InlineData("""{"error":"bare string error"}""", "400 bare string error")]
    [InlineData("""{"type":"error","error":{"type":"invalid_request_error","message":"anthropic says no"}}""", "400 anthropic says no")]
    [InlineData("""{"detail":{"x":1},"error":{"message":"after other keys"}}""", "400 after other keys")]
    public void Describe_OtherJsonShapes_FindTheMessage(string body, string expected)
    {
        // Act
        var (message, _, unstructured) = Describe(400, body);

        // Assert
        message.Should().Be(expected);
        unstructured.Should().BeNull();
    }

    [Theory]
    [InlineData("Bad Gateway", "Bad Gateway")]
    [InlineData("  <html>upstream error</html>\n", "<html>upstream error</html>")]
    [InlineData("""{"status":"down"}""", """{"status":"down"}""")]
    [InlineData("""{"error":{"message":""}}""", """{"error":{"message":""}}""")]
    [InlineData("""{"error":{"message":"cut""", """{"error":{"message":"cut""")]
    [InlineData("{broken json", "{broken json")]
    public void Describe_NonJsonOrMessagelessBody_IsGeneric_WithTheBodyForTheLog(string body, string logged)
    {
        // Act
        var (message, code, unstructured) = Describe(502, body);

        // Assert
        message.Should().Be("502 upstream returned HTTP 502");
        code.Should().BeNull();
        unstructured.Should().Be(logged);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n")]
    public void Describe_EmptyBody_SaysSo(string body)
    {
        // Act
        var (message, _, unstructured) = Describe(500, body);

        // Assert
        message.Should().Be("500 status code (no body)");
        unstructured.Should().BeNull();
    }

    [Fact]
    public void Describe_LongPlainText_IsLoggedCutAt500Characters()
    {
        // Act
        var (message, _, unstructured) = Describe(503, new string('x', 2_000));

        // Assert
        message.Should().Be("503 upstream returned HTTP 503");
        unstructured.Should().Be(new string('x', 500));
    }

    private static ProviderErrorText Describe(int status, string body) => OpenAiErrorBody.Describe(status, Encoding.UTF8.GetBytes(body));
}
