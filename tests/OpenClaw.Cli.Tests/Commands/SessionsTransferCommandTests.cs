using System.Text.Json;
using OpenClaw.Core.Sessions;
using OpenClaw.Sessions.Sqlite;

namespace OpenClaw.Cli.Tests.Commands;

/// <summary><c>openclaw sessions export</c> and <c>import</c>.</summary>
public sealed class SessionsTransferCommandTests
{
    private const string SpecId = "4798aad8-a3dd-4f18-b0a3-b7be61b67f8a";

    [Fact]
    public async Task Import_SpecExample_ThenExport_GivesTheSameFile()
    {
        // Arrange
        using var state = new SessionsTestState();
        var file = state.WriteFile("spec.jsonl", SessionsFixtures.SpecExample);

        // Act
        var import = await state.RunAsync("sessions", "import", file, "--key", "Imported");
        var export = await state.RunAsync("sessions", "export", "imported");

        // Assert
        import.ExitCode.Should().Be(0, import.Error);
        import.Output.Should().Be($"Imported 3 entries into agent:main:imported (session {SpecId}).\n");
        export.ExitCode.Should().Be(0, export.Error);
        export.Output.Should().Be(SessionsFixtures.SpecExample);
    }

    [Fact]
    public async Task ExportThenImportUnderAnotherKey_TranscriptsAreIdenticalButForTheHeaderId()
    {
        // Arrange
        using var state = new SessionsTestState();
        (await state.RunAsync("sessions", "import", state.WriteFile("in.jsonl", SessionsFixtures.Branched), "--key", "agent:beta:source")).ExitCode.Should().Be(0);
        var exported = Path.Combine(state.Dir, "out.jsonl");
        var first = await state.RunAsync("sessions", "export", "--key", "agent:beta:source", "--out", exported);

        // Act
        var import = await state.RunAsync("sessions", "import", exported, "--key", "copy", "--json");
        var second = await state.RunAsync("sessions", "export", "copy");

        // Assert
        first.ExitCode.Should().Be(0, first.Error);
        first.Output.Should().Be($"Exported agent:beta:source (session {SpecId}, 6 entries) to {exported}\n");
        import.ExitCode.Should().Be(0, import.Error);
        var summary = JsonDocument.Parse(import.Output).RootElement;
        summary.GetProperty("key").GetString().Should().Be("agent:main:copy");
        summary.GetProperty("sourceId").GetString().Should().Be(SpecId);
        var newId = summary.GetProperty("sessionId").GetString()!;
        newId.Should().NotBe(SpecId, "the store already holds the file's id");
        summary.GetProperty("entries").GetInt32().Should().Be(6);
        summary.GetProperty("createdSession").GetBoolean().Should().BeTrue();
        var original = File.ReadAllText(exported);
        original.Should().Be(SessionsFixtures.Branched);
        second.Output.Should().Be(original.Replace(SpecId, newId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Export_MainKeyAndOptionForm_ResolveToTheDefaultAgentsMainSession()
    {
        // Arrange
        using var state = new SessionsTestState();
        (await state.RunAsync("sessions", "import", state.WriteFile("in.jsonl", SessionsFixtures.SpecExample), "--key", "main")).ExitCode.Should().Be(0);

        // Act
        var byArgument = await state.RunAsync("sessions", "export", "main");
        var byOption = await state.RunAsync("sessions", "export", "--key", "agent:main:main");
        var both = await state.RunAsync("sessions", "export", "MAIN", "--key", "MAIN");

        // Assert
        byArgument.Output.Should().Be(SessionsFixtures.SpecExample);
        byOption.Output.Should().Be(SessionsFixtures.SpecExample);
        both.Output.Should().Be(SessionsFixtures.SpecExample);
    }

    [Fact]
    public async Task Export_OutWithJson_PrintsASummary()
    {
        // Arrange
        using var state = new SessionsTestState();
        (await state.RunAsync("sessions", "import", state.WriteFile("in.jsonl", SessionsFixtures.SpecExample), "--key", "k")).ExitCode.Should().Be(0);
        var target = Path.Combine(state.Dir, "k.jsonl");

        // Act
        var run = await state.RunAsync("sessions", "export", "k", "--out", target, "--json");

        // Assert
        run.ExitCode.Should().Be(0, run.Error);
        run.Output.Should().Be($$"""{"key":"agent:main:k","sessionId":"{{SpecId}}","entries":3,"out":"{{target}}"}""" + "\n");
        File.ReadAllText(target).Should().Be(SessionsFixtures.SpecExample);
    }

    [Fact]
    public async Task Export_SessionWithoutTranscriptRow_WritesHeaderFromTheSession()
    {
        // Arrange
        using var state = new SessionsTestState();
        var session = SessionsTestState.Session("agent:main:empty", "main", 0);
        await state.SeedAsync(null, session);

        // Act
        var run = await state.RunAsync("sessions", "export", "empty");

        // Assert
        run.ExitCode.Should().Be(0, run.Error);
        run.Output.Should().Be($$"""{"type":"session","version":3,"id":"{{session.SessionId}}","timestamp":"1970-01-01T00:00:00.000Z"}""" + "\n");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Export_UnknownKey_ExitsOne(bool storeExists)
    {
        // Arrange
        using var state = new SessionsTestState();
        if (storeExists)
        {
            await state.SeedAsync(null, SessionsTestState.Session("agent:main:main", "main", 1));
        }

        // Act
        var run = await state.RunAsync("sessions", "export", "nope");

        // Assert
        run.ExitCode.Should().Be(1);
        run.Error.Should().Be("session not found: agent:main:nope\n");
        run.Output.Should().BeEmpty();
        File.Exists(state.StorePath).Should().Be(storeExists);
    }

    [Theory]
    [InlineData("sessions export needs a session key", "sessions", "export")]
    [InlineData("Pass the session key once", "sessions", "export", "a", "--key", "b")]
    [InlineData("--key", "sessions", "import", "x.jsonl")]
    [InlineData("Required argument 'file.jsonl' missing for command: 'import'", "sessions", "import", "--key", "k")]
    public async Task MissingOrConflictingArguments_AreUsageErrors(string message, params string[] args)
    {
        // Arrange
        using var state = new SessionsTestState();

        // Act
        var run = await state.RunAsync(args);

        // Assert
        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain(message);
    }

    [Theory]
    [InlineData("", "line 1: no session header")]
    [InlineData("{\"type\":\"session\",\"version\":2,\"id\":\"s\",\"timestamp\":\"2026-11-22T03:36:09.988Z\"}", "line 1: unsupported transcript version 2")]
    [InlineData("{\"type\":\"message\",\"id\":\"a\"}", "line 1: expected the session header")]
    [InlineData("HEADER\n{\"type\":\"custom\",\"id\":\"a\"}\nnot json", "line 3: not valid JSON")]
    [InlineData("HEADER\n{\"type\":\"message\",\"parentId\":null}", "line 2: message entry has no \"id\"")]
    [InlineData("HEADER\n{\"type\":\"message\",\"id\":\"a\",\"message\":\"oops\"}", "line 2: message entry has no \"message\" object")]
    public async Task Import_BadFile_ExitsOneNamingTheLineAndChangesNothing(string text, string problem)
    {
        // Arrange
        using var state = new SessionsTestState();
        var header = SessionsFixtures.SpecExample.Split('\n')[0];
        var file = state.WriteFile("bad.jsonl", text.Replace("HEADER", header, StringComparison.Ordinal));

        // Act
        var run = await state.RunAsync("sessions", "import", file, "--key", "k");

        // Assert
        run.ExitCode.Should().Be(1);
        run.Error.Should().StartWith($"Cannot import {file}: {problem}").And.EndWith(". Nothing was changed.\n");
        File.Exists(state.StorePath).Should().BeFalse("a refused file never touches the store");
    }

    [Fact]
    public async Task Import_BadFileIntoExistingStore_LeavesItUnchanged()
    {
        // Arrange
        using var state = new SessionsTestState();
        (await state.RunAsync("sessions", "import", state.WriteFile("ok.jsonl", SessionsFixtures.SpecExample), "--key", "k")).ExitCode.Should().Be(0);
        var bad = state.WriteFile("bad.jsonl", SessionsFixtures.SpecExample + "{\"type\":\"message\"}\n");

        // Act
        var run = await state.RunAsync("sessions", "import", bad, "--key", "k");
        var export = await state.RunAsync("sessions", "export", "k");

        // Assert
        run.ExitCode.Should().Be(1);
        run.Error.Should().Be($"Cannot import {bad}: line 5: message entry has no \"id\". Nothing was changed.\n");
        export.Output.Should().Be(SessionsFixtures.SpecExample);
    }

    [Fact]
    public async Task Import_MissingFile_ExitsOne()
    {
        // Arrange
        using var state = new SessionsTestState();
        var missing = Path.Combine(state.Dir, "missing.jsonl");

        // Act
        var run = await state.RunAsync("sessions", "import", missing, "--key", "k");

        // Assert
        run.ExitCode.Should().Be(1);
        run.Error.Should().Be($"File not found: {missing}\n");
    }

    [Fact]
    public async Task Import_KeyOfUnknownAgent_ExitsOne()
    {
        // Arrange
        using var state = new SessionsTestState();
        var file = state.WriteFile("in.jsonl", SessionsFixtures.SpecExample);

        // Act
        var run = await state.RunAsync("sessions", "import", file, "--key", "agent:ghost:x");

        // Assert
        run.ExitCode.Should().Be(1);
        run.Error.Should().Be("Unknown agent \"ghost\". Configured agents: main (default), beta.\n");
    }

    [Fact]
    public async Task Import_ExistingSession_IsRepointedAndListed()
    {
        // Arrange
        using var state = new SessionsTestState();
        var existing = SessionsTestState.Session("agent:beta:work", "beta", 1_000) with { Label = "keep me", TotalTokens = 99 };
        await state.SeedAsync(null, existing);

        // Act
        var import = await state.RunAsync("sessions", "import", state.WriteFile("in.jsonl", SessionsFixtures.Branched), "--key", "agent:beta:work");
        var list = await state.RunAsync("sessions", "--agent", "beta", "--json");

        // Assert
        import.ExitCode.Should().Be(0, import.Error);
        var row = JsonDocument.Parse(list.Output).RootElement.GetProperty("sessions").EnumerateArray().Single();
        row.GetProperty("sessionId").GetString().Should().Be(SpecId);
        row.GetProperty("label").GetString().Should().Be("keep me");
        row.GetProperty("totalTokens").GetInt64().Should().Be(0);
        row.GetProperty("ageMs").GetInt64().Should().BeLessThan(60_000);
        await using var store = SqliteSessionStore.OpenReadOnly(state.StorePath);
        (await store.ReadTranscriptAsync(SpecId, CancellationToken.None)).Select(e => e.Type).Should().Contain("x-future-type");
    }

    [Fact]
    public async Task Import_WhileAnotherConnectionWrites_BothCommit()
    {
        // Arrange: a store held open like a running gateway's, writing while the CLI imports.
        using var state = new SessionsTestState();
        await using var gateway = new SqliteSessionStore(state.StorePath);
        await gateway.InitializeAsync(CancellationToken.None);
        var file = state.WriteFile("in.jsonl", SessionsFixtures.SpecExample);

        // Act
        var writes = Enumerable.Range(0, 50).Select(i => gateway.WriteAsync(
            new SessionWrite { Session = SessionsTestState.Session($"agent:main:g{i}", "main", i) }, CancellationToken.None)).ToList();
        var run = await state.RunAsync("sessions", "import", file, "--key", "imported");
        await Task.WhenAll(writes);

        // Assert
        run.ExitCode.Should().Be(0, run.Error);
        var sessions = (await gateway.ListSessionsAsync(new SessionQuery { AgentId = "main" }, CancellationToken.None)).Sessions;
        sessions.Should().HaveCount(51);
        (await gateway.ReadTranscriptAsync(SpecId, CancellationToken.None)).Should().HaveCount(3);
    }
}
