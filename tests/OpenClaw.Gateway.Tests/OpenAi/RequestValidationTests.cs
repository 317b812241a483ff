using System.Net;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.OpenAi;

public sealed class RequestValidationTests : IAsyncLifetime
{
    private readonly GatewayFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [InlineData("[1,2]", ": Invalid input: expected object, received array")]
    [InlineData("\"text\"", ": Invalid input: expected object, received string")]
    [InlineData("""{"messages":"hi"}""", "messages: Invalid input: expected array, received string")]
    [InlineData("""{"model":5,"messages":[]}""", "model: Invalid input: expected string, received number")]
    [InlineData("""{"model":null,"messages":[]}""", "model: Invalid input: expected string, received null")]
    [InlineData("""{"stream":"false","messages":[]}""", "stream: Invalid input: expected boolean, received string")]
    [InlineData("""{"stream_options":[],"messages":[]}""", "stream_options: Invalid input: expected object, received array")]
    [InlineData("""{"stream_options":{"include_usage":"yes"},"messages":[]}""", "stream_options.include_usage: Invalid input: expected boolean, received string")]
    [InlineData("""{"user":7,"messages":[]}""", "user: Invalid input: expected string, received number")]
    [InlineData("""{"tools":{"type":"function"},"messages":[]}""", "tools: Invalid input: expected array, received object")]
    [InlineData("""{"temperature":"hot","messages":[]}""", "temperature: Invalid input: expected number, received string")]
    [InlineData("""{"top_p":true,"messages":[]}""", "top_p: Invalid input: expected number, received boolean")]
    [InlineData("""{"seed":"7","messages":[]}""", "seed: Invalid input: expected number, received string")]
    public async Task SchemaTypeErrors_NameThePath(string body, string message) => await ExpectBadRequestAsync(body, message);

    [Theory]
    [InlineData("max_tokens", "0", "max_tokens: Too small: expected number to be >0")]
    [InlineData("max_tokens", "-1", "max_tokens: Too small: expected number to be >0")]
    [InlineData("max_tokens", "1.5", "max_tokens: Invalid input: expected int, received number")]
    [InlineData("max_tokens", "\"10\"", "max_tokens: Invalid input: expected number, received string")]
    [InlineData("max_tokens", "{}", "max_tokens: Invalid input: expected number, received object")]
    [InlineData("max_tokens", "[]", "max_tokens: Invalid input: expected number, received array")]
    [InlineData("max_tokens", "9007199254740992", "max_tokens: Too big: expected int to be <=9007199254740991")]
    [InlineData("max_tokens", "1e309", "max_tokens: Too big: expected int to be <=9007199254740991")]
    [InlineData("max_completion_tokens", "0", "max_completion_tokens: Too small: expected number to be >0")]
    [InlineData("max_completion_tokens", "1.5", "max_completion_tokens: Invalid input: expected int, received number")]
    [InlineData("max_completion_tokens", "true", "max_completion_tokens: Invalid input: expected number, received boolean")]
    public async Task TokenCaps_MustBePositiveSafeIntegers(string field, string value, string message) =>
        await ExpectBadRequestAsync($$"""{"{{field}}":{{value}},"messages":[{"role":"user","content":"x"}]}""", message);

    [Fact]
    public async Task TokenCaps_BothValidated_EvenWhenBothPresent() =>
        await ExpectBadRequestAsync("""{"max_tokens":10,"max_completion_tokens":0,"messages":[]}""", "max_completion_tokens: Too small: expected number to be >0");

    [Theory]
    [InlineData("\"json\"", "Invalid response_format: response_format must be an object")]
    [InlineData("""{"type":"xml"}""", "Invalid response_format: response_format.type must be text, json_object, or json_schema")]
    [InlineData("""{"type":"json_schema"}""", "Invalid response_format: response_format.json_schema must be an object")]
    public async Task ResponseFormat_IsValidated(string value, string message) =>
        await ExpectBadRequestAsync($$"""{"response_format":{{value}},"messages":[{"role":"user","content":"x"}]}""", message);

    [Theory]
    [InlineData("5", "Invalid stop: stop must be a string or an array of strings")]
    [InlineData("""["a","b","c","d","e"]""", "Invalid stop: stop supports at most 4 sequences")]
    [InlineData("""["a",""]""", "Invalid stop: stop entries must be non-empty strings")]
    [InlineData("""[1]""", "Invalid stop: stop entries must be non-empty strings")]
    public async Task Stop_IsValidated(string value, string message) =>
        await ExpectBadRequestAsync($$"""{"stop":{{value}},"messages":[{"role":"user","content":"x"}]}""", message);

    [Theory]
    [InlineData("temperature", "3", "`temperature` must be between 0 and 2.")]
    [InlineData("temperature", "-0.1", "`temperature` must be between 0 and 2.")]
    [InlineData("top_p", "1.5", "`top_p` must be between 0 and 1.")]
    [InlineData("frequency_penalty", "2.5", "`frequency_penalty` must be between -2.0 and 2.0.")]
    [InlineData("presence_penalty", "-3", "`presence_penalty` must be between -2.0 and 2.0.")]
    [InlineData("seed", "1.5", "`seed` must be an integer.")]
    public async Task SamplingRanges_AreValidated(string field, string value, string message) =>
        await ExpectBadRequestAsync($$"""{"{{field}}":{{value}},"messages":[{"role":"user","content":"x"}]}""", message);

    [Theory]
    [InlineData("""{"model":"openclaw"}""")]
    [InlineData("""{"messages":[]}""")]
    [InlineData("""{"messages":[{"role":"user","content":""}]}""")]
    [InlineData("""{"messages":[{"role":"user","content":"   "}]}""")]
    [InlineData("""{"messages":[{"role":"system","content":"only system"}]}""")]
    [InlineData("""{"messages":[{"role":"tool","content":{}}]}""")]
    [InlineData("""{"messages":["hi",{"content":"no role"},{"role":"narrator","content":"ignored"}]}""")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":1,"text":"hi"},{"type":{},"text":"x"},{"type":null}]}]}""")]
    [InlineData("""{"messages":[{"role":"tool","tool_call_id":"c1","content":[{"type":["text"],"text":""}]}]}""")]
    public async Task NothingToSay_IsMissingUserMessage(string body) =>
        await ExpectBadRequestAsync(body, "Missing user message in `messages`.");

    [Fact]
    public async Task UnknownKeysAndNulls_AreIgnored()
    {
        var response = await _factory.CreateAuthorizedClient().PostRawAsync(
            """{"model":"openclaw","n":2,"logprobs":true,"store":false,"metadata":{},"parallel_tool_calls":true,"stream":null,"temperature":null,"max_tokens":null,"stop":null,"messages":[{"role":"user","content":"x"}]}""");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private async Task ExpectBadRequestAsync(string body, string message)
    {
        var response = await _factory.CreateAuthorizedClient().PostRawAsync(body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var error = (await response.JsonAsync()).GetProperty("error");
        error.GetProperty("message").GetString().Should().Be(message);
        error.GetProperty("type").GetString().Should().Be("invalid_request_error");
        error.EnumerateObject().Select(p => p.Name).Should().Equal("message", "type");
    }
}
