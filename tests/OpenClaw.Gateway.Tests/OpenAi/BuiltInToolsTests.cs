using System.Net;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.OpenAi;

/// <summary>
/// An agent with the default tool profile (<c>coding</c>: read, write, edit, ls) does a file task in its workspace
/// through <c>/v1/chat/completions</c> against a scripted upstream, and cannot write outside it.
/// </summary>
public sealed class BuiltInToolsTests : IAsyncLifetime
{
    private UpstreamFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await UpstreamFixture.StartAsync(agents: "main");

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    private string Workspace => Path.Combine(_fixture.Gateway.StateDir, "workspace");

    [Fact]
    public async Task WriteEditRead_CompleteAFileTaskInTheWorkspace()
    {
        // Arrange
        _fixture.Upstream.Enqueue(
            FakeUpstreamResponse.ToolCall("c1", "write", """{"path":"notes/todo.txt","content":"buy milk\n"}"""),
            FakeUpstreamResponse.ToolCall("c2", "edit", """{"path":"notes/todo.txt","edits":[{"oldText":"milk","newText":"oat milk"}]}"""),
            FakeUpstreamResponse.ToolCall("c3", "read", """{"path":"notes/todo.txt"}"""),
            FakeUpstreamResponse.Text("Your list says: buy oat milk."));

        // Act
        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("put oat milk on my list", "openclaw/main"));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.JsonAsync()).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString().Should().Be("Your list says: buy oat milk.");
        (await File.ReadAllTextAsync(Path.Combine(Workspace, "notes", "todo.txt"))).Should().Be("buy oat milk\n");
        ToolResult(2).Should().StartWith("Successfully wrote 9 bytes to notes/todo.txt");
        ToolResult(3).Should().Be("Successfully replaced 1 block(s) in notes/todo.txt");
        ToolResult(4).Should().Contain("buy oat milk");
        var offered = _fixture.UpstreamBody(1).GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString());
        offered.Should().BeEquivalentTo(["read", "write", "edit", "ls"], "exec is not in the default profile");
    }

    [Fact]
    public async Task Streaming_ASecondAssistantMessage_StartsWithASeparatorDelta()
    {
        // Arrange: text, a tool call, then the answer.
        _fixture.Upstream.Enqueue(
            new FakeUpstreamResponse { Chunks = ["Let ", "me ", "look."], ToolCalls = [new FakeToolCall("c1", "ls", "{}")] },
            FakeUpstreamResponse.Text("Two ", "files."));

        // Act
        var frames = await (await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("list", "openclaw/main", stream: true))).SseDataAsync();

        // Assert
        var contents = frames.Where(f => f.Contains("\"content\"", StringComparison.Ordinal))
            .Select(f => System.Text.Json.JsonDocument.Parse(f).RootElement.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString())
            .ToList();
        contents.Should().Equal("Let", " me", " look.", "\n\n", "Two", " files.");
        frames[^2].Should().Contain("\"finish_reason\":\"stop\"");
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("/tmp/openclaw-escape-test.txt")]
    public async Task WriteOutsideTheWorkspace_IsAnErrorResult_AndNothingIsWritten(string path)
    {
        // Arrange
        var target = Path.GetFullPath(Path.Combine(Workspace, path));
        File.Delete(target);
        _fixture.Upstream.Enqueue(
            FakeUpstreamResponse.ToolCall("c1", "write", $$"""{"path":"{{path}}","content":"escaped"}"""),
            FakeUpstreamResponse.Text("could not"));

        // Act
        var response = await _fixture.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("write outside", "openclaw/main"));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        File.Exists(target).Should().BeFalse();
        ToolResult(2).Should().NotStartWith("Successfully");
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("false", false)]
    public async Task ExecAllowedByPolicy_IsOfferedUnlessTheHostSwitchIsOff(string? execEnabled, bool offered)
    {
        // Arrange
        await using var upstream = await FakeOpenAiUpstream.StartAsync();
        var settings = execEnabled is null ? null : new Dictionary<string, string?> { ["OpenClaw:Tools:ExecEnabled"] = execEnabled };
        var config = TestConfigs.Upstream(upstream.BaseUrl, agents: "main").Replace("update: {", "tools: { allow: ['exec'] },\n  update: {", StringComparison.Ordinal);
        await using var gateway = new GatewayFactory(config, settings);

        // Act
        await gateway.CreateAuthorizedClient().PostRawAsync(HttpTestExtensions.ChatBody("hi", "openclaw/main"));

        // Assert
        var names = upstream.ChatRequests[0].Json!.RootElement.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString());
        names.Contains("exec").Should().Be(offered);
    }

    /// <summary>The content of the last tool message the gateway sent in its n-th upstream call.</summary>
    private string ToolResult(int call) =>
        _fixture.UpstreamBody(call).GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString()!;
}
