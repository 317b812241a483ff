using Microsoft.Extensions.Options;
using OpenClaw.Core.Sessions;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Sessions.Postgres;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.Hosting;

/// <summary><c>OpenClaw:Storage:Provider=postgres</c>: the gateway keeps its sessions in the database, not in the state dir.</summary>
public sealed class PostgresStorageTests : PostgresDatabaseTest
{
    [SkippableFact]
    public async Task TwoGatewaysOnOneDatabase_OneContinuesTheSessionTheOtherStarted_NoSqliteFileIsMade()
    {
        // Arrange
        SkipWithoutServer();
        await using var upstream = await FakeOpenAiUpstream.StartAsync();
        var config = TestConfigs.Upstream(upstream.BaseUrl);
        var settings = new Dictionary<string, string?>
        {
            ["OpenClaw:Storage:Provider"] = "postgres",
            ["OpenClaw:Storage:ConnectionString"] = ConnectionString,
        };
        await using var first = await KestrelGateway.StartAsync(config, settings);
        await using var second = await KestrelGateway.StartAsync(config, settings);

        // Act
        using var started = await first.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("remember the number 42", "openclaw/main", extra: "\"user\":\"pg\","));
        using var continued = await second.CreateClient().PostRawAsync(HttpTestExtensions.ChatBody("what number?", "openclaw/main", extra: "\"user\":\"pg\","));

        // Assert
        (started.IsSuccessStatusCode, continued.IsSuccessStatusCode).Should().Be((true, true));
        var messages = upstream.ChatRequests[1].Json!.RootElement.GetProperty("messages").EnumerateArray().ToList();
        messages.Select(m => m.GetProperty("role").GetString()).Should().Equal("system", "user", "assistant", "user");
        await using var database = new PostgresSessionStore(ConnectionString);
        var session = await database.GetSessionAsync("agent:main:openai-user:pg", CancellationToken.None);
        (await database.ReadTranscriptAsync(session!.SessionId, CancellationToken.None)).Should().HaveCount(4);
        Directory.GetFiles(first.StateDir, "*.sqlite*", SearchOption.AllDirectories).Should().BeEmpty();
        first.App.Services.GetRequiredService<ISessionStore>().Location.Should().StartWith("postgres://127.0.0.1:");
    }

    [Fact]
    public async Task PostgresWithoutAConnectionString_StopsStartup()
    {
        // Act
        var starting = () => KestrelGateway.StartAsync(TestConfigs.EchoOnly, new Dictionary<string, string?> { ["OpenClaw:Storage:Provider"] = "postgres" });

        // Assert
        (await starting.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain("OpenClaw:Storage:ConnectionString is required");
    }

    [Fact]
    public async Task AnUnknownProvider_StopsStartup()
    {
        // Act
        var starting = () => KestrelGateway.StartAsync(TestConfigs.EchoOnly, new Dictionary<string, string?> { ["OpenClaw:Storage:Provider"] = "mysql" });

        // Assert
        (await starting.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain("must be 'sqlite' or 'postgres'");
    }
}
