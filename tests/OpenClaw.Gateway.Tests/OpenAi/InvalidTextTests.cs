using System.Net;
using System.Text.Json;
using OpenClaw.Core.Sessions;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.OpenAi;

/// <summary>
/// Strings that are not valid text (invalid UTF-8 bytes, lone surrogate escapes) in a chat completion body: message
/// text is taken with U+FFFD in place of the faults, any other field is a 400 naming it, never a 500. Bodies are
/// written with <see cref="RawJson"/> (<c>&lt;FF&gt;</c> is a raw byte, <c>\ud800</c> the escape as sent).
/// </summary>
public sealed class InvalidTextTests : IAsyncLifetime
{
    private const string Fault = "not valid text (invalid UTF-8 or a lone surrogate)";
    private const string User = """{"role":"user","content":"hi"}""";
    private const string Tool = """{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}""";

    private UpstreamFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await UpstreamFixture.StartAsync(agents: "main");

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Theory]
    [InlineData($$$"""{"model":"openclaw\ud800","messages":[{{{User}}}]}""", $"model: Invalid input: {Fault}")]
    [InlineData($$$"""{"model":"openclaw<FF>","messages":[{{{User}}}]}""", $"model: Invalid input: {Fault}")]
    [InlineData($$$"""{"user":"u<C0><AF>","messages":[{{{User}}}]}""", $"user: Invalid input: {Fault}")]
    [InlineData($$$"""{"user":"u\udc00","messages":[{{{User}}}]}""", $"user: Invalid input: {Fault}")]
    [InlineData($$$"""{"stop":"s\udc00","messages":[{{{User}}}]}""", $"Invalid stop: stop is {Fault}")]
    [InlineData($$$"""{"stop":["ok","<ED><A0><80>"],"messages":[{{{User}}}]}""", $"Invalid stop: stop.1 is {Fault}")]
    [InlineData($$$"""{"response_format":{"type":"js<FF>on_object"},"messages":[{{{User}}}]}""", "Invalid response_format: response_format.type must be text, json_object, or json_schema")]
    [InlineData($$$"""{"response_format":{"type":"json_\ud800schema"},"messages":[{{{User}}}]}""", "Invalid response_format: response_format.type must be text, json_object, or json_schema")]
    [InlineData($$$"""{"response_format":{"type":"json_schema","json_schema":{"name":"x\ud800"}},"messages":[{{{User}}}]}""", $"Invalid response_format: response_format.json_schema.name is {Fault}")]
    public async Task NonMessageField_WithInvalidText_Is400NamingIt(string body, string message) => await ExpectBadRequestAsync(body, message);

    [Theory]
    [InlineData("""{"type":"function","function":{"name":"get\ud800"}}""", $"Invalid tools/tool_choice: tools.0.function.name is {Fault}")]
    [InlineData("""{"type":"function","function":{"name":"get_<FF>"}}""", $"Invalid tools/tool_choice: tools.0.function.name is {Fault}")]
    [InlineData("""{"type":"function","function":{"name":"get_weather","description":"d<FF>"}}""", $"Invalid tools/tool_choice: tools.0.function.description (tool get_weather) is {Fault}")]
    [InlineData("""{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string","description":"c\ud800"}}}}}""", $"Invalid tools/tool_choice: tools.0.function.parameters.properties.city.description (tool get_weather) is {Fault}")]
    [InlineData("""{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"ci\ud800ty":{"type":"string"}}}}}""", "Invalid tools/tool_choice: tools.0.function.parameters.properties.ci\uFFFDty (tool get_weather) is " + Fault)]
    [InlineData("""{"type":"function","function":{"name":"get_weather","parameters":{"enum":["a","<C0><AF>"]}}}""", $"Invalid tools/tool_choice: tools.0.function.parameters.enum.1 (tool get_weather) is {Fault}")]
    [InlineData("""{"type":"function","\udc00":1,"function":{"name":"get_weather"}}""", "Invalid tools/tool_choice: tools.0.\uFFFD is " + Fault)]
    [InlineData("""{"type":"fun\ud800ction","function":{"name":"get_weather"}}""", $"Invalid tools/tool_choice: tools.0.type (tool get_weather) is {Fault}")]
    public async Task Tool_WithInvalidText_Is400NamingTheTool(string tool, string message) =>
        await ExpectBadRequestAsync($$"""{"tools":[{{Tool}},{{tool}}],"messages":[{{User}}]}""", message.Replace("tools.0", "tools.1", StringComparison.Ordinal));

    [Theory]
    [InlineData("\"re\\ud800quired\"", $"Invalid tools/tool_choice: tool_choice is {Fault}")]
    [InlineData("\"auto<FF>\"", $"Invalid tools/tool_choice: tool_choice is {Fault}")]
    [InlineData("""{"type":"function","function":{"name":"get_weather\udc00"}}""", $"Invalid tools/tool_choice: tool_choice.function.name is {Fault}")]
    [InlineData("""{"type":"allowed_\ud800tools","function":{"name":"get_weather"}}""", null)]
    public async Task ToolChoice_WithInvalidText_Is400(string choice, string? message)
    {
        // Act
        var response = await _fixture.CreateClient().PostBytesAsync(RawJson.Bytes($$"""{"tools":[{{Tool}}],"tool_choice":{{choice}},"messages":[{{User}}]}"""));

        // Assert: an unreadable type is simply not allowed_tools; the named tool is then required (the echo model
        // answers with text, so the requirement is unmet: the spec's 502).
        if (message is null)
        {
            response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
            return;
        }

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ErrorMessageAsync()).Should().Be(message);
    }

    [Theory]
    [InlineData("""{"\ud800":1,"messages":[{"role":"user","content":"hi"}]}""", "\uFFFD")]
    [InlineData("""{"messages":[{"role":"user","content":"hi","x<FF>":1}]}""", "messages.0.x\uFFFD")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"text","text":"hi","\udc00":2}]}]}""", "messages.0.content.0.\uFFFD")]
    [InlineData("""{"stream_options":{"include_usage":true,"\ud800":1},"messages":[{"role":"user","content":"hi"}]}""", "stream_options.\uFFFD")]
    [InlineData("""{"tool_choice":{"\ud800":1},"messages":[{"role":"user","content":"hi"}]}""", "tool_choice.\uFFFD")]
    public async Task InvalidPropertyName_Is400NamingWhereItIs(string body, string path) =>
        await ExpectBadRequestAsync(body, $"{path}: Invalid input: property name is {Fault}");

    [Fact]
    public async Task InvalidPropertyName_InAnIgnoredField_IsIgnoredLikeTheField()
    {
        var response = await _fixture.CreateClient().PostBytesAsync(RawJson.Bytes("""{"metadata":{"\ud800":"<FF>"},"messages":[{"role":"user","content":"hi"}]}"""));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("""{"type":"image_url","image_url":{"url":"data:image/png;base64,\ud800AAAA"}}""")]
    [InlineData("""{"type":"image_url","image_url":"data:image/png;base64,iVBO\udc00"}""")]
    [InlineData("""{"type":"image_url","image_url":"data:image/png;base64,<FF>AAA"}""")]
    [InlineData("""{"type":"image_url","image_url":{"url":"https://example.com/<C0><AF>.png"}}""")]
    public async Task ImageUrl_WithInvalidText_IsAnInvalidImage(string part) =>
        await ExpectBadRequestAsync($$"""{"messages":[{"role":"user","content":[{"type":"text","text":"look"},{{part}}]}]}""", "Invalid image_url content in `messages`.");

    [Theory]
    [InlineData("x\\ud800y", "x\uFFFDy")]
    [InlineData("\\udc00 lone low", "\uFFFD lone low")]
    [InlineData("a<FF>b<C0><AF>c<ED><A0><80>d<E2><82>", "a\uFFFDb\uFFFD\uFFFDc\uFFFD\uFFFD\uFFFDd\uFFFD")]
    [InlineData("cut \\ud83d", "cut \uFFFD")]
    [InlineData("pair \\ud83d\\ude00", "pair \U0001F600")]
    public async Task MessageContent_WithInvalidText_IsAccepted_WithReplacementCharacters_UpstreamAndInTheTranscript(string content, string expected)
    {
        // Act
        var response = await _fixture.CreateClient().PostBytesAsync(RawJson.Bytes($$$"""{"user":"inv","messages":[{"role":"user","content":"{{{content}}}"}]}"""));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.JsonAsync()).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()
            .Should().Be("echo: " + expected);
        UpstreamFixture.WithoutEnvelope(_fixture.UpstreamMessages(1)[1].Content).Should().Be(expected);
        var texts = await TranscriptTextsAsync("agent:main:openai-user:inv");
        texts.Select(UpstreamFixture.WithoutEnvelope).Should().Equal(expected, "echo: " + expected);
    }

    [Fact]
    public async Task TextPartsAndSystemAndDeveloper_WithInvalidText_AreAccepted()
    {
        // Act
        var response = await _fixture.CreateClient().PostBytesAsync(RawJson.Bytes("""
            {"messages":[{"role":"system","content":"SYS\ud800"},{"role":"developer","content":[{"type":"text","text":"DEV<FF>"}]},
             {"role":"user","content":[{"type":"text","text":"part\udc00"},{"type":"input_text","input_text":"two<C0><AF>"}]}]}
            """));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var messages = _fixture.UpstreamMessages(1);
        messages[0].Content.Should().Contain("## Conversation Context\nSYS\uFFFD\n\nDEV\uFFFD\n## Runtime");
        UpstreamFixture.WithoutEnvelope(messages[1].Content).Should().Be("part\uFFFD\ntwo\uFFFD\uFFFD");
    }

    [Fact]
    public async Task ToolCallsAndToolResults_WithInvalidText_AreAccepted()
    {
        // Act: ids, names and arguments (string and object) of a tool round trip, each with a fault
        var response = await _fixture.CreateClient().PostBytesAsync(RawJson.Bytes("""
            {"messages":[{"role":"user","content":"weather?"},
             {"role":"assistant","content":"","tool_calls":[
               {"id":"call\ud800","type":"function","function":{"name":"get<FF>","arguments":"{\"city\":\"P\udc00\"}"}},
               {"id":"call2","type":"function","function":{"name":"other","arguments":{"city":"<C0><AF>"}}}]},
             {"role":"tool","tool_call_id":"call\ud800","content":"sunny<FF>"},
             {"role":"function","name":"legacy\udc00","content":"old"}]}
            """));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        UpstreamFixture.WithoutEnvelope(_fixture.UpstreamMessages(1)[1].Content).Should().Be(
            "[Chat messages since your last reply - for context]\nUser: weather?\n"
            + "Assistant: tool_call id=call\uFFFD name=get\uFFFD arguments={\"city\":\"P\uFFFD\"}\n"
            + "tool_call id=call2 name=other arguments={\"city\":\"\uFFFD\uFFFD\"}\nTool:call\uFFFD: sunny\uFFFD\n\n"
            + "[Current message - respond to this]\nTool:legacy\uFFFD: old");
    }

    [Theory]
    [InlineData("""{"role":"us\ud800er","content":"hi"}""")]
    [InlineData("""{"role":"user<FF>","content":"hi"}""")]
    [InlineData("""{"role":"user","content":[{"type":"te\udc00xt","text":"hi"}]}""")]
    public async Task RoleOrPartType_WithInvalidText_IsNotRecognized(string message) =>
        await ExpectBadRequestAsync($$"""{"messages":[{{message}}]}""", "Missing user message in `messages`.");

    private async Task ExpectBadRequestAsync(string body, string message)
    {
        // Act
        var response = await _fixture.CreateClient().PostBytesAsync(RawJson.Bytes(body));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var error = (await response.JsonAsync()).GetProperty("error");
        error.GetProperty("type").GetString().Should().Be("invalid_request_error");
        error.GetProperty("message").GetString().Should().Be(message);
        _fixture.Upstream.ChatRequests.Should().BeEmpty();
    }

    private async Task<List<string>> TranscriptTextsAsync(string sessionKey)
    {
        var store = _fixture.Gateway.Services.GetRequiredService<ISessionStore>();
        var session = await store.GetSessionAsync(sessionKey, CancellationToken.None);
        var entries = await store.ReadTranscriptAsync(session!.SessionId, CancellationToken.None);
        return [.. entries.Select(e =>
        {
            using var payload = JsonDocument.Parse(e.PayloadJson);
            var content = payload.RootElement.GetProperty("message").GetProperty("content");
            return content.ValueKind == JsonValueKind.String ? content.GetString()! : content[0].GetProperty("text").GetString()!;
        })];
    }
}
