using System.Text.Json;
using OpenClaw.Testing;

namespace OpenClaw.Cli.Tests.Commands;

/// <summary>The <c>sessions</c> verbs with <c>OpenClaw__Storage__Provider=postgres</c>: the gateway's database, not a file.</summary>
public sealed class SessionsOnPostgresTests : IAsyncLifetime
{
    private PostgresServer? _server;
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.GetAsync();
        if (_server is not null)
        {
            _connectionString = await _server.CreateDatabaseAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DropDatabaseAsync(_connectionString);
        }
    }

    [SkippableFact]
    public async Task ImportListExport_UseTheDatabase_AndNoSqliteFileIsMade()
    {
        // Arrange
        Skip.If(_server is null, $"no PostgreSQL server: {PostgresServer.InstallHint}");
        using var state = new SessionsTestState(new Dictionary<string, string>
        {
            ["OpenClaw__Storage__Provider"] = "postgres",
            ["OpenClaw__Storage__ConnectionString"] = _connectionString,
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
