using OpenClaw.Core.Tests.Support;
using OpenClaw.Core.Tools;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Tools;

/// <summary>The real built-in tools behind the real runner's tool loop (agent-runtime.md §9 item 4).</summary>
public sealed class BuiltInToolsRunnerTests
{
    private static IReadOnlyList<IAgentTool> FullTools() =>
        new AgentToolCatalog(new ToolHostSettings()).For(TestConfig.Bind("{ tools: { profile: 'full' } }"), "main");

    /// <summary>The contents of the tool messages the second model call received, in order.</summary>
    private static List<string> ToolMessages(AgentRunnerHarness h) =>
        [.. h.Upstream.ChatRequests[1].Json!.RootElement.GetProperty("messages").EnumerateArray()
            .Where(m => m.GetProperty("role").GetString() == "tool")
            .Select(m => m.GetProperty("content").GetString()!)];

    [Fact]
    public async Task RunAsync_ReadOfAgentsMd_FeedsTheSeededFileBack()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { Tools = FullTools() });
        h.Upstream.Enqueue(FakeUpstreamResponse.ToolCall("call_1", "read", """{"path":"AGENTS.md"}"""), FakeUpstreamResponse.Text("done"));

        // Act
        var result = await h.Runner.RunAsync(AgentRunnerHarness.Request("read AGENTS.md"), CancellationToken.None);

        // Assert
        result.Error.Should().BeNull();
        ToolMessages(h).Should().Equal(File.ReadAllText(Path.Combine(h.WorkspaceDir, "AGENTS.md")).TrimEnd('\n'));
        var offered = h.Upstream.ChatRequests[0].Json!.RootElement.GetProperty("tools").EnumerateArray()
            .Select(t => t.GetProperty("function").GetProperty("name").GetString());
        offered.Should().Equal("read", "write", "edit", "ls", "exec");
    }

    [Fact]
    public async Task RunAsync_WriteEditLsExecAndAnEscape_InOneTurn()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { Tools = FullTools() });
        h.Upstream.Enqueue(
            FakeUpstreamResponse.ToolCall(
                new FakeToolCall("c1", "write", """{"path":"notes/a.txt","content":"hello"}"""),
                new FakeToolCall("c2", "edit", """{"path":"notes/a.txt","edits":[{"oldText":"hello","newText":"hello world"}]}"""),
                new FakeToolCall("c3", "ls", """{"path":"notes"}"""),
                new FakeToolCall("c4", "exec", OperatingSystem.IsWindows() ? """{"command":"type notes\\a.txt"}""" : """{"command":"cat notes/a.txt"}"""),
                new FakeToolCall("c5", "read", """{"path":"../outside.txt"}""")),
            FakeUpstreamResponse.Text("all done"));

        // Act
        var result = await h.Runner.RunAsync(AgentRunnerHarness.Request("go"), CancellationToken.None);

        // Assert
        result.Error.Should().BeNull();
        ToolMessages(h).Should().Equal(
            "Successfully wrote 5 bytes to notes/a.txt",
            "Successfully replaced 1 block(s) in notes/a.txt",
            "\"a.txt\"",
            "hello world\n\n[exit code: 0]",
            $"Path escapes workspace root ({h.WorkspaceDir}): ../outside.txt");
        File.ReadAllText(Path.Combine(h.WorkspaceDir, "notes", "a.txt")).Should().Be("hello world");
    }

    [Fact]
    public async Task RunAsync_BadArgumentTypes_AreAnErrorResultAndTheLoopGoesOn()
    {
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { Tools = FullTools() });
        h.Upstream.Enqueue(FakeUpstreamResponse.ToolCall("c1", "read", """{"path":42}"""), FakeUpstreamResponse.Text("sorry"));

        var result = await h.Runner.RunAsync(AgentRunnerHarness.Request("go"), CancellationToken.None);

        result.Payloads.Should().Equal("sorry");
        ToolMessages(h).Should().Equal("Invalid arguments for read: 'path' must be a string, received number");
        result.Error.Should().BeNull();
    }
}
