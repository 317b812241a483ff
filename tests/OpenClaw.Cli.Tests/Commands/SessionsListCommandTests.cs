using System.Text.Json;

namespace OpenClaw.Cli.Tests.Commands;

public sealed class SessionsListCommandTests
{
    private static readonly long Now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    [Fact]
    public async Task List_NoStoreFile_PrintsNoSessionsAndCreatesNothing()
    {
        // Arrange
        using var state = new SessionsTestState();

        // Act
        var run = await state.RunAsync("sessions");

        // Assert
        run.ExitCode.Should().Be(0);
        run.Output.Should().Be($"Session store: {state.StorePath} (0 sessions)\nNo sessions.\n");
        File.Exists(state.StorePath).Should().BeFalse();
    }

    [Fact]
    public async Task List_Json_HasTheSpecShapeInStableKeyOrder()
    {
        // Arrange
        using var state = new SessionsTestState();
        var session = SessionsTestState.Session("agent:main:main", "main", Now - 5_000) with
        {
            Model = "mock-model", InputTokens = 10, OutputTokens = 4, TotalTokens = 14, ContextTokens = 128_000, Label = "mine",
        };
        await state.SeedAsync(null, session, SessionsTestState.Session("agent:main:other", "main", Now - 60_000));

        // Act
        var run = await state.RunAsync("sessions", "--json");

        // Assert
        run.ExitCode.Should().Be(0, run.Error);
        var root = JsonDocument.Parse(run.Output).RootElement;
        root.EnumerateObject().Select(p => p.Name).Should().Equal("path", "count", "activeMinutes", "sessions");
        root.GetProperty("path").GetString().Should().Be(state.StorePath);
        root.GetProperty("count").GetInt32().Should().Be(2);
        root.GetProperty("activeMinutes").ValueKind.Should().Be(JsonValueKind.Null);
        var first = root.GetProperty("sessions")[0];
        first.EnumerateObject().Select(p => p.Name).Should().Equal(
            "agentId", "key", "sessionId", "updatedAt", "ageMs", "model", "inputTokens", "outputTokens", "totalTokens", "contextTokens", "label");
        first.GetProperty("key").GetString().Should().Be("agent:main:main");
        first.GetProperty("agentId").GetString().Should().Be("main");
        first.GetProperty("sessionId").GetString().Should().Be(session.SessionId);
        first.GetProperty("updatedAt").GetInt64().Should().Be(session.UpdatedAt);
        first.GetProperty("ageMs").GetInt64().Should().BeInRange(5_000, 65_000);
        (first.GetProperty("model").GetString(), first.GetProperty("label").GetString()).Should().Be(("mock-model", "mine"));
        first.GetProperty("inputTokens").GetInt64().Should().Be(10);
        first.GetProperty("outputTokens").GetInt64().Should().Be(4);
        first.GetProperty("totalTokens").GetInt64().Should().Be(14);
        first.GetProperty("contextTokens").GetInt64().Should().Be(128_000);
        var second = root.GetProperty("sessions")[1];
        second.EnumerateObject().Select(p => p.Name).Should().HaveCount(11, "unknown values are null, never left out");
        second.GetProperty("model").ValueKind.Should().Be(JsonValueKind.Null);
        second.GetProperty("label").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Theory]
    [InlineData(new string[0], new[] { "agent:main:a", "agent:main:b" })]
    [InlineData(new[] { "--agent", "beta" }, new[] { "agent:beta:c" })]
    [InlineData(new[] { "--agent", "BETA" }, new[] { "agent:beta:c" })]
    [InlineData(new[] { "--all-agents" }, new[] { "agent:main:a", "agent:beta:c", "agent:main:b" })]
    [InlineData(new[] { "--active", "10" }, new[] { "agent:main:a" })]
    [InlineData(new[] { "--all-agents", "--active", "90" }, new[] { "agent:main:a", "agent:beta:c" })]
    public async Task List_Filters_SelectAgentAndActivity(string[] flags, string[] expectedKeys)
    {
        // Arrange
        using var state = new SessionsTestState();
        await state.SeedAsync(
            null,
            SessionsTestState.Session("agent:main:a", "main", Now - 60_000),
            SessionsTestState.Session("agent:beta:c", "beta", Now - 3_600_000),
            SessionsTestState.Session("agent:main:b", "main", Now - 7_200_000));

        // Act
        var run = await state.RunAsync(["sessions", "--json", .. flags]);

        // Assert
        run.ExitCode.Should().Be(0, run.Error);
        var root = JsonDocument.Parse(run.Output).RootElement;
        root.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("key").GetString()).Should().Equal(expectedKeys);
        root.GetProperty("count").GetInt32().Should().Be(expectedKeys.Length);
        var activeIndex = Array.IndexOf(flags, "--active");
        if (activeIndex >= 0)
        {
            root.GetProperty("activeMinutes").GetInt32().Should().Be(int.Parse(flags[activeIndex + 1], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task List_Human_PrintsStoreLineAndTable()
    {
        // Arrange
        using var state = new SessionsTestState();
        await state.SeedAsync(
            null,
            SessionsTestState.Session("agent:main:main", "main", Now - 300_000) with { Model = "mock-model", TotalTokens = 12_100, ContextTokens = 128_000, Label = "work" },
            SessionsTestState.Session("agent:main:x", "main", Now - 10_000));

        // Act
        var run = await state.RunAsync("sessions");

        // Assert
        run.ExitCode.Should().Be(0, run.Error);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be($"Session store: {state.StorePath} (2 sessions)");
        lines[1].Should().MatchRegex("^KEY +AGE +MODEL +TOKENS +LABEL$");
        lines[2].Should().MatchRegex(@"^agent:main:x +just now +- +0 +-$");
        lines[3].Should().MatchRegex(@"^agent:main:main +5m ago +mock-model +12\.1k/128k \(9%\) +work$");
    }

    [Fact]
    public async Task List_StoragePathFromEnvironment_IsReadInstead()
    {
        // Arrange
        using var state = new SessionsTestState();
        var custom = Path.Combine(state.Dir, "elsewhere", "custom.sqlite");
        state.Environment.Set("OpenClaw__Storage__Path", custom);
        await state.SeedAsync(custom, SessionsTestState.Session("agent:main:main", "main", Now));

        // Act
        var run = await state.RunAsync("sessions", "--json");

        // Assert
        var root = JsonDocument.Parse(run.Output).RootElement;
        root.GetProperty("path").GetString().Should().Be(custom);
        root.GetProperty("count").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task List_UnknownAgent_ExitsOneListingConfiguredAgents()
    {
        // Arrange
        using var state = new SessionsTestState();

        // Act
        var run = await state.RunAsync("sessions", "--agent", "ghost");

        // Assert
        run.ExitCode.Should().Be(1);
        run.Error.Should().Be("Unknown agent \"ghost\". Configured agents: main (default), beta.\n");
        run.Output.Should().BeEmpty();
    }

    [Theory]
    [InlineData("--agent and --all-agents cannot be combined.", "sessions", "--agent", "main", "--all-agents")]
    [InlineData("--active takes a number of minutes greater than 0.", "sessions", "--active", "0")]
    [InlineData("abc", "sessions", "--active", "abc")]
    [InlineData("--bogus", "sessions", "--bogus")]
    public async Task List_BadFlags_AreUsageErrors(string message, params string[] args)
    {
        // Arrange
        using var state = new SessionsTestState();

        // Act
        var run = await state.RunAsync(args);

        // Assert
        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain(message);
    }
}
