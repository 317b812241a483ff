using System.Net;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.OpenAi;

public sealed class PromptFlatteningTests : IAsyncLifetime
{
    private UpstreamFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await UpstreamFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task HistoryAndSystem_FlattenAsTheOriginal_T33()
    {
        // Act
        var response = await SendAsync("""
            [{"role":"system","content":"You are SYSMARK, a pirate."},{"role":"user","content":"first question"},
             {"role":"assistant","content":"first answer"},{"role":"user","content":"second question"}]
            """);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var messages = _fixture.UpstreamMessages(1);
        messages.Select(m => m.Role).Should().Equal("system", "user");
        UpstreamFixture.WithoutEnvelope(messages[1].Content).Should().Be(
            "[Chat messages since your last reply - for context]\nUser: first question\nAssistant: first answer\n\n[Current message - respond to this]\nUser: second question");
        messages[0].Content.Should().Contain("\n## Conversation Context\nYou are SYSMARK, a pirate.\n## Runtime\n");
    }

    [Fact]
    public async Task ClientToolRoundTrip_FlattensAsTheOriginal_T41()
    {
        await SendAsync("""
            [{"role":"user","content":"weather in Paris?"},
             {"role":"assistant","content":"","tool_calls":[{"id":"call_abc","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
             {"role":"tool","tool_call_id":"call_abc","content":"sunny, 21C"}]
            """);

        UpstreamFixture.WithoutEnvelope(_fixture.UpstreamMessages(1)[1].Content).Should().Be(
            "[Chat messages since your last reply - for context]\nUser: weather in Paris?\nAssistant: tool_call id=call_abc name=get_weather arguments={\"city\":\"Paris\"}\n\n[Current message - respond to this]\nTool:call_abc: sunny, 21C");
    }

    [Fact]
    public async Task SystemAndDeveloper_JoinWithBlankLines_T34()
    {
        await SendAsync("""
            [{"role":"system","content":"SYS-ONE"},{"role":"developer","content":"DEV-TWO"},{"role":"system","content":"SYS-THREE"},{"role":"user","content":"hello"}]
            """);

        var messages = _fixture.UpstreamMessages(1);
        messages[0].Content.Should().Contain("## Conversation Context\nSYS-ONE\n\nDEV-TWO\n\nSYS-THREE\n## Runtime");
        UpstreamFixture.WithoutEnvelope(messages[1].Content).Should().Be("hello");
    }

    [Fact]
    public async Task ContentParts_JoinWithNewline_T35()
    {
        await SendAsync("""
            [{"role":"user","content":[{"type":"text","text":"part one"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="}},{"type":"input_text","text":"part two"}]}]
            """);

        UpstreamFixture.WithoutEnvelope(_fixture.UpstreamMessages(1)[1].Content).Should().Be("part one\npart two");
    }

    [Fact]
    public async Task TrailingAssistant_IsDropped_T37()
    {
        await SendAsync("""[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]""");

        UpstreamFixture.WithoutEnvelope(_fixture.UpstreamMessages(1)[1].Content).Should().Be("q");
    }

    [Fact]
    public async Task EmptyToolResult_WithCallId_IsKept()
    {
        await SendAsync("""
            [{"role":"user","content":"run it"},{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"noop","arguments":{}}}]},
             {"role":"tool","tool_call_id":"call_1","content":""}]
            """);

        UpstreamFixture.WithoutEnvelope(_fixture.UpstreamMessages(1)[1].Content).Should().Be(
            "[Chat messages since your last reply - for context]\nUser: run it\nAssistant: tool_call id=call_1 name=noop arguments={}\n\n[Current message - respond to this]\nTool:call_1: ");
    }

    [Fact]
    public async Task SingleToolMessage_KeepsItsSender()
    {
        await SendAsync("""[{"role":"function","name":"lookup","content":"42"}]""");

        UpstreamFixture.WithoutEnvelope(_fixture.UpstreamMessages(1)[1].Content).Should().Be("Tool:lookup: 42");
    }

    [Fact]
    public async Task ImageOnlyActiveTurn_GetsThePlaceholder()
    {
        await SendAsync("""[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}]""");

        UpstreamFixture.WithoutEnvelope(_fixture.UpstreamMessages(1)[1].Content).Should().Be("User sent image(s) with no text.");
    }

    [Fact]
    public async Task UserText_IsWrappedInTheTimestampEnvelope()
    {
        await SendAsync("""[{"role":"user","content":"hi"}]""");

        _fixture.UpstreamMessages(1)[1].Content.Should().MatchRegex(@"^\[[A-Z][a-z]{2} \d{4}-\d{2}-\d{2} \d{2}:\d{2} [^\]]+\] hi$");
    }

    private Task<HttpResponseMessage> SendAsync(string messages) =>
        _fixture.CreateClient().PostRawAsync($$"""{"model":"openclaw/main","messages":{{messages}}}""");
}
