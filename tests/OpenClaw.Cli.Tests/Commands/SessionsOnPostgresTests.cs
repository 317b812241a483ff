using System.Text.Json;
using OpenClaw.Testing;

namespace OpenClaw.Cli.Tests.Commands;

/// <summary>The <c>sessions</c> verbs with <c>OpenClaw__Storage__Provider=postgres</c>: the gateway's database, not a file.</summary>
public sealed class SessionsOnPostgresTests : PostgresDatabaseTest
{
    [SkippableFact]
    public async Task ImportListExport_UseTheDatabase_AndNoSqliteFileIsMade()
    {
        // Arrange
        SkipWithoutServer();
        using var state = new SessionsTestState(new Dictionary<string, string>
        {
            ["OpenClaw__Storage__Provider"] = "postgres",
            ["OpenClaw__Storage__ConnectionString"] = ConnectionString,
        });

        // Act
        var import = await state.RunAsync("sessions", "import", state.WriteFile("spec.jsonl", SessionsFixtures.SpecExample), "--key", "imported");
        var list = await state.RunAsync("sessions", "--json");
        var export = await state.RunAsync("sessions", "export", "imported");

        // Assert
        import.ExitCode.Should().Be(0, import.Error);
        export.Output.Should().Be(SessionsFixtures.SpecExample);
        var listed = JsonDocument.Parse(list.Output).RootElement;
        listed.GetProperty("path").GetString().Should().StartWith("postgres://127.0.0.1:");
        listed.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("key").GetString()).Should().Equal("agent:main:imported");
        File.Exists(state.StorePath).Should().BeFalse();
    }

    [Fact]
    public async Task PostgresWithoutAConnectionString_SaysWhatIsMissing()
    {
        // Arrange
        using var state = new SessionsTestState(new Dictionary<string, string> { ["OpenClaw__Storage__Provider"] = "postgres" });

        // Act
        var list = await state.RunAsync("sessions");

        // Assert
        list.ExitCode.Should().NotBe(0);
        list.Error.Should().Contain("OpenClaw__Storage__ConnectionString is not set");
    }
}
