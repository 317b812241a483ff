using System.Text.Json;
using OpenClaw.Gateway.OpenResponses;

namespace OpenClaw.Gateway.Tests.OpenResponses;

/// <summary>The strict request schema and the original's error texts (http-api.md §6.2, §6.3, §6.7).</summary>
public sealed class ResponsesRequestValidatorTests
{
    private const string Base = "\"model\":\"openclaw/main\",\"input\":\"hi\"";

    [Theory]
    [InlineData("""{"input":"hi"}""", "model: Invalid input: expected string, received undefined")]
    [InlineData("""{"model":"openclaw/main"}""", "input: Invalid input")]
    [InlineData("""{"model":1,"input":"hi"}""", "model: Invalid input: expected string, received number")]
    [InlineData("[1,2]", ": Invalid input: expected object, received array")]
    [InlineData("{" + Base + ",\"bogus\":1}", ": Unrecognized key: \"bogus\"")]
    [InlineData("{" + Base + ",\"a\":1,\"b\":2}", ": Unrecognized keys: \"a\", \"b\"")]
    [InlineData("{" + Base + ",\"temperature\":999}", "temperature: Too big: expected number to be <=2")]
    [InlineData("{" + Base + ",\"top_p\":5}", "top_p: Too big: expected number to be <=1")]
    [InlineData("{" + Base + ",\"temperature\":-1}", "temperature: Too small: expected number to be >=0")]
    [InlineData("{" + Base + ",\"max_output_tokens\":0}", "max_output_tokens: Too small: expected number to be >0")]
    [InlineData("{" + Base + ",\"max_output_tokens\":1.5}", "max_output_tokens: Invalid input: expected int, received number")]
    [InlineData("{" + Base + ",\"max_tool_calls\":\"3\"}", "max_tool_calls: Invalid input: expected number, received string")]
    [InlineData("{" + Base + ",\"text\":{\"format\":{\"type\":\"json_object\"}}}", "text.format.type: Invalid input: expected \"text\"")]
    [InlineData("{" + Base + ",\"text\":{\"format\":{\"type\":\"text\"},\"verbosity\":\"high\"}}", "text: Unrecognized key: \"verbosity\"")]
    [InlineData("{" + Base + ",\"text\":null}", "text: Invalid input: expected object, received null")]
    [InlineData("{" + Base + ",\"truncation\":\"x\"}", "truncation: Invalid option: expected one of \"auto\"|\"disabled\"")]
    [InlineData("{" + Base + ",\"tools\":[{\"type\":\"function\",\"name\":\"\"}]}", "tools.0.name: Tool name cannot be empty")]
    [InlineData("{" + Base + ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}", "tools.0.name: Invalid input: expected string, received undefined")]
    [InlineData("{" + Base + ",\"tools\":{}}", "tools: Invalid input: expected array, received object")]
    [InlineData("{" + Base + ",\"tools\":[{\"type\":\"function\",\"name\":\"f\",\"strict\":\"yes\"}]}", "tools.0.strict: Invalid input: expected boolean, received string")]
    [InlineData("{" + Base + ",\"tool_choice\":\"any\"}", "tool_choice: Invalid input")]
    [InlineData("{" + Base + ",\"tools\":[{\"type\":\"function\",\"name\":\"f\",\"parameters\":{\"description\":\"\\ud800\"}}]}", "tools.0.parameters.description: Invalid input: not valid text (invalid UTF-8 or a lone surrogate)")]
    [InlineData("{" + Base + ",\"tool_choice\":{\"type\":\"function\",\"name\":\"\"}}", "tool_choice: Invalid input")]
    [InlineData("{" + Base + ",\"stream\":null}", "stream: Invalid input: expected boolean, received null")]
    [InlineData("{" + Base + ",\"metadata\":{\"k\":1}}", "metadata.k: Invalid input: expected string, received number")]
    [InlineData("{" + Base + ",\"reasoning\":{\"effort\":\"max\"}}", "reasoning.effort: Invalid option: expected one of \"low\"|\"medium\"|\"high\"")]
    [InlineData("{" + Base + ",\"frequency_penalty\":0.5}", ": Unrecognized key: \"frequency_penalty\"")]
    [InlineData("{\"model\":\"m\",\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":\"hi\",\"phase\":\"commentary\"}]}", "input.0.phase: `phase` is only valid on assistant messages.")]
    public void InvalidBody_FirstProblemIsReportedWithItsPath(string body, string message)
    {
        Validate(body).Error.Should().Be(message);
    }

    [Theory]
    [InlineData("""[{"type":"function_call_output","call_id":"c"}]""")]
    [InlineData("""[{"type":"function_call_output","call_id":"c","output":null}]""")]
    [InlineData("""[{"type":"function_call_output","call_id":"c","output":0}]""")]
    [InlineData("""[{"type":"function_call_output","call_id":"c","output":{}}]""")]
    [InlineData("""[{"type":"function_call_output","call_id":"c","output":[]}]""")]
    [InlineData("""[{"type":"message","role":"tool","content":"x"}]""")]
    [InlineData("""[{"type":"message","role":"user","content":"x","extra":1}]""")]
    [InlineData("""[{"type":null,"role":"user","content":"x"}]""")]
    [InlineData("""[{"content":"x"}]""")]
    [InlineData("""[{"type":"message","role":"user","content":[{"type":"image_url","image_url":"https://x"}]}]""")]
    [InlineData("""[{"type":"message","role":"user","content":[{"type":"input_image","source":{"type":"url","url":"not a url"}}]}]""")]
    [InlineData("""[{"type":"message","role":"user","content":[{"type":"input_image","source":{"type":"base64","media_type":"image/bmp","data":"AA=="}}]}]""")]
    [InlineData("""[{"type":"message","role":"user","content":[{"type":"input_file","source":{"type":"base64","media_type":"text/plain","data":""}}]}]""")]
    [InlineData("""[{"type":"message","role":"user","content":[{"type":"input_file","filename":"a.txt","source":{"type":"base64","media_type":"text/plain","data":"aGk="}}]}]""")]
    [InlineData("""[{"type":"web_search_call","id":"x"}]""")]
    public void InvalidInputItem_IsTheUnionMessage(string input)
    {
        Validate($$"""{"model":"openclaw/main","input":{{input}}}""").Error.Should().Be("input: Invalid input");
    }

    [Theory]
    [InlineData("\"text\":{\"format\":{\"type\":\"text\"}}")]
    [InlineData("\"text\":{}")]
    [InlineData("\"input\":[{\"role\":\"user\",\"content\":\"hi\"}]")]
    [InlineData("\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"hi\"}]}]")]
    [InlineData("\"reasoning\":{\"effort\":\"low\",\"anything\":1}")]
    [InlineData("\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"f\"}}")]
    [InlineData("\"tools\":[{\"type\":\"function\",\"name\":\"f\",\"description\":null,\"parameters\":null,\"strict\":null}]")]
    [InlineData("\"input\":[{\"type\":\"reasoning\",\"summary\":\"s\"},{\"type\":\"item_reference\",\"id\":\"x\"},{\"type\":\"function_call\",\"name\":\"f\",\"arguments\":\"{}\",\"call_id\":\"c\"},{\"type\":\"function_call_output\",\"call_id\":\"c\",\"output\":\"\"}]")]
    [InlineData("\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_file\",\"source\":{\"type\":\"base64\",\"media_type\":\"text/plain\",\"data\":\"aGk=\",\"filename\":\"a.txt\"}},{\"type\":\"input_image\",\"source\":{\"type\":\"url\",\"url\":\"file:///etc/passwd\",\"extra\":1}}]}]")]
    public void ValidBody_IsAccepted(string member)
    {
        var body = member.StartsWith("\"input\"", StringComparison.Ordinal)
            ? $$"""{"model":"openclaw/main",{{member}}}"""
            : $$"""{"model":"openclaw/main","input":"hi",{{member}}}""";

        Validate(body).Error.Should().BeNull();
    }

    [Fact]
    public void ValidBody_KeepsWhatTheRunNeeds()
    {
        var (request, error) = Validate("""{"model":"","input":"hi","instructions":"be brief","stream":true,"max_output_tokens":7,"temperature":0.5,"top_p":0.25,"user":"u","previous_response_id":"resp_1","store":false,"metadata":{"a":"b"}}""");

        error.Should().BeNull();
        request!.Model.Should().Be("");
        request.Instructions.Should().Be("be brief");
        request.Stream.Should().BeTrue();
        request.MaxOutputTokens.Should().Be(7);
        request.Temperature.Should().Be(0.5);
        request.TopP.Should().Be(0.25);
        request.User.Should().Be("u");
        request.PreviousResponseId.Should().Be("resp_1");
    }

    private static (ResponsesRequest? Request, string? Error) Validate(string body)
    {
        using var document = JsonDocument.Parse(body);
        var (request, error) = ResponsesRequestValidator.Validate(document.RootElement.Clone());
        return (request, error);
    }
}
