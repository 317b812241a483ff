using System.Globalization;
using System.Text.Json;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Tests.Support;

namespace OpenClaw.Core.Tests.Runs;

public class AgentRunnerPromptTests
{
    [Fact]
    public async Task RunAsync_SystemPrompt_HasSectionsInReferenceOrder()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();
        var request = AgentRunnerHarness.Request("hi", sessionKey: "my-session") with { ExtraSystemPrompt = "Caller system text.\n\nDeveloper text." };

        var dayBefore = Today();

        // Act
        await h.Runner.RunAsync(request, CancellationToken.None);

        // Assert
        var system = (await h.UpstreamMessagesAsync(1))[0];
        system.Role.Should().Be("system");
        var prompt = system.Content;
        string[] markers =
        [
            "You are a personal assistant running inside OpenClaw.\n",
            "## Tooling\nTools policy-filtered. Names case-sensitive; call exact.\n",
            "## Safety\n",
            $"## Workspace\nWorking directory: {h.WorkspaceDir}\n",
            "## Temporal Context\nCurrent date: ",
            "## Workspace Files (injected)\n# Project Context\n",
            $"## {Path.Combine(h.WorkspaceDir, "AGENTS.md")}\n",
            $"## {Path.Combine(h.WorkspaceDir, "SOUL.md")}\n",
            "## Silent Replies\nNothing to say: entire reply exactly NO_REPLY\n",
            "## Conversation Context\nCaller system text.\n\nDeveloper text.\n",
            "## Runtime\nCurrent model identity: fake/fake-model. If asked what model you are, answer with this value for the current run.\n",
            "Runtime: agent=main | session=agent:main:my-session | channel=webchat | host=",
        ];
        prompt.Should().StartWith(markers[0]);
        var positions = markers.Select(m => prompt.IndexOf(m, StringComparison.Ordinal)).ToList();
        positions.Should().NotContain(-1, "every section must be present:\n" + prompt);
        positions.Should().BeInAscendingOrder("sections must follow agent-runtime.md §4.2:\n" + prompt);
        prompt.Should().ContainAny($"Current date: {dayBefore}\nTime zone: UTC\n", $"Current date: {Today()}\nTime zone: UTC\n");
    }

    [Fact]
    public async Task RunAsync_NoExtraSystemPrompt_OmitsConversationContext()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();

        // Act
        await h.Runner.RunAsync(AgentRunnerHarness.Request("hi"), CancellationToken.None);

        // Assert
        var prompt = (await h.UpstreamMessagesAsync(1))[0].Content;
        prompt.Should().NotContain("## Conversation Context");
        prompt.Should().Contain("Time zone: UTC\n");
    }

    [Fact]
    public async Task RunAsync_FirstRun_SeedsWorkspaceAndInjectsBootstrapFilesInOrder()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();

        // Act
        await h.Runner.RunAsync(AgentRunnerHarness.Request("hi"), CancellationToken.None);

        // Assert
        var prompt = (await h.UpstreamMessagesAsync(1))[0].Content;
        string[] order = ["AGENTS.md", "SOUL.md", "TOOLS.md", "IDENTITY.md", "USER.md", "BOOTSTRAP.md"];
        order.Should().OnlyContain(name => File.Exists(Path.Combine(h.WorkspaceDir, name)));
        order.Select(name => prompt.IndexOf($"## {Path.Combine(h.WorkspaceDir, name)}\n", StringComparison.Ordinal))
            .Should().NotContain(-1).And.BeInAscendingOrder();
        prompt.Should().NotContain("HEARTBEAT.md", "blank files are skipped");
    }

    [Fact]
    public async Task RunAsync_NoRunCap_SendsModelMaxTokens()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { MaxTokens = 4096 });

        // Act
        await h.Runner.RunAsync(AgentRunnerHarness.Request("hi"), CancellationToken.None);

        // Assert
        (await Body(h)).GetProperty("max_completion_tokens").GetInt32().Should().Be(4096);
    }

    [Fact]
    public async Task RunAsync_RunCap_WinsOverModelMaxTokens()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { MaxTokens = 4096 });
        var request = AgentRunnerHarness.Request("hi") with { StreamParams = new StreamParams { MaxTokens = 50 } };

        // Act
        await h.Runner.RunAsync(request, CancellationToken.None);

        // Assert
        (await Body(h)).GetProperty("max_completion_tokens").GetInt32().Should().Be(50);
    }

    [Fact]
    public async Task RunAsync_PromptLargerThanContextWindow_ClampsMaxTokensToOne()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { ContextWindow = 1_000, MaxTokens = 4096 });

        // Act
        await h.Runner.RunAsync(AgentRunnerHarness.Request(new string('x', 8_000)), CancellationToken.None);

        // Assert
        (await Body(h)).GetProperty("max_completion_tokens").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task RunAsync_SamplingParams_AreForwardedInBodyKeyOrder()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();
        var request = AgentRunnerHarness.Request("hi") with
        {
            StreamParams = new StreamParams
            {
                Temperature = 0.2, TopP = 0.9, FrequencyPenalty = 0.1, PresencePenalty = 0.3, Seed = 7, Stop = ["END"], MaxTokens = 50,
                ResponseFormat = JsonDocument.Parse("""{"type":"json_object"}""").RootElement,
            },
        };

        // Act
        await h.Runner.RunAsync(request, CancellationToken.None);

        // Assert
        var raw = (await h.Upstream.WaitForRequestAsync(1)).Body;
        var body = JsonDocument.Parse(raw).RootElement;
        body.EnumerateObject().Select(p => p.Name).Should().Equal(
            "model", "messages", "stream", "stream_options", "temperature", "top_p", "frequency_penalty", "presence_penalty", "seed", "stop",
            "response_format", "max_completion_tokens");
        raw.Should().EndWith(
            """"
            "temperature":0.2,"top_p":0.9,"frequency_penalty":0.1,"presence_penalty":0.3,"seed":7,"stop":["END"],"response_format":{"type":"json_object"},"max_completion_tokens":50}
            """");
    }

    [Fact]
    public async Task RunAsync_ModelParams_AreDefaultsUnderTheRunParams()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync(new HarnessOptions { ModelParamsJson = """{ "temperature": 0.4, "top_p": 0.8 }""" });
        var request = AgentRunnerHarness.Request("hi") with { StreamParams = new StreamParams { Temperature = 0.7 } };

        // Act
        await h.Runner.RunAsync(request, CancellationToken.None);

        // Assert
        var body = await Body(h);
        body.GetProperty("temperature").GetRawText().Should().Be("0.7");
        body.GetProperty("top_p").GetRawText().Should().Be("0.8");
    }

    [Fact]
    public async Task RunAsync_NoSamplingParams_SendsNone()
    {
        // Arrange
        await using var h = await AgentRunnerHarness.StartAsync();

        // Act
        await h.Runner.RunAsync(AgentRunnerHarness.Request("hi"), CancellationToken.None);

        // Assert
        (await Body(h)).EnumerateObject().Select(p => p.Name).Should().Equal("model", "messages", "stream", "stream_options", "max_completion_tokens");
    }

    private static string Today() => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<JsonElement> Body(AgentRunnerHarness h) => (await h.Upstream.WaitForRequestAsync(1)).Json!.RootElement;
}
