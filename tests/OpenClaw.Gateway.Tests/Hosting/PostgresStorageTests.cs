using System.Net;
using Microsoft.Extensions.Options;
using Npgsql;
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

    [SkippableFact]
    public async Task DatabaseGoesAway_TurnsFailFastWith503AndRetryAfter_AndServiceResumesWhenItIsBack()
    {
        // Arrange: the gateway reaches PostgreSQL through a proxy the test can cut, as a database restart looks
        SkipWithoutServer();
        var direct = new NpgsqlConnectionStringBuilder(ConnectionString);
        await using var proxy = TcpCutProxy.Start(direct.Host!, direct.Port);
        await using var upstream = await FakeOpenAiUpstream.StartAsync();
        await using var gateway = await KestrelGateway.StartAsync(TestConfigs.Upstream(upstream.BaseUrl), new Dictionary<string, string?>
        {
            ["OpenClaw:Storage:Provider"] = "postgres",
            ["OpenClaw:Storage:ConnectionString"] = new NpgsqlConnectionStringBuilder(ConnectionString) { Host = "127.0.0.1", Port = proxy.Port }.ToString(),
        });
        using var client = gateway.CreateClient();
        using var before = await client.PostRawAsync(HttpTestExtensions.ChatBody("kept", "openclaw/main", extra: "\"user\":\"outage\","));

        // Act
        proxy.Cut();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var during = await client.PostRawAsync(HttpTestExtensions.ChatBody("lost", "openclaw/main", extra: "\"user\":\"outage\","));
        var failedIn = clock.Elapsed;
        proxy.Restore();
        var restored = System.Diagnostics.Stopwatch.StartNew();
        var statuses = new List<HttpStatusCode>();
        while (statuses.LastOrDefault() != HttpStatusCode.OK && restored.Elapsed < TimeSpan.FromSeconds(5))
        {
            using var after = await client.PostRawAsync(HttpTestExtensions.ChatBody("back", "openclaw/main", extra: "\"user\":\"outage\","));
            statuses.Add(after.StatusCode);
        }

        // Assert
        before.StatusCode.Should().Be(HttpStatusCode.OK);
        during.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        during.Header("Retry-After").Should().Be("2");
        var error = (await during.JsonAsync()).GetProperty("error");
        (error.GetProperty("type").GetString(), error.GetProperty("code").GetString()).Should().Be(("service_unavailable", "store_unavailable"));
        failedIn.Should().BeLessThan(TimeSpan.FromSeconds(5), "a refused connection fails at once, not after a timeout");
        statuses.Should().EndWith(HttpStatusCode.OK, "service resumes within 5 s of the database coming back");
        statuses.Should().OnlyContain(s => s == HttpStatusCode.OK || s == HttpStatusCode.ServiceUnavailable);
        await using var database = new PostgresSessionStore(ConnectionString);
        var session = await database.GetSessionAsync("agent:main:openai-user:outage", CancellationToken.None);
        var texts = (await database.ReadTranscriptAsync(session!.SessionId, CancellationToken.None)).Select(e => e.PayloadJson).ToList();
        texts.Should().Contain(t => t.Contains("kept", StringComparison.Ordinal), "the turn completed before the outage is still there");
        texts.Should().NotContain(t => t.Contains("lost", StringComparison.Ordinal));
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
