using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Hosting;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Sessions;
using OpenClaw.Testing;

namespace OpenClaw.Sessions.Sqlite.Tests;

public sealed class SqliteStoreRegistrationTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task UseSqliteStore_WithoutAPath_KeepsTheFileInTheStateDir_AndAnnouncesEveryWrite()
    {
        // Arrange
        await using var services = Services([]);
        var store = services.GetRequiredService<ISessionStore>();
        var feed = services.GetRequiredService<TranscriptFeed>();

        // Act
        await store.InitializeAsync(CancellationToken.None);
        using var subscription = feed.Subscribe("t");
        await store.WriteAsync(
            new SessionWrite { NewTranscript = new TranscriptHeader("t", "main", "agent:main:main", 1, null), Entries = [new TranscriptEntry("t", 1, "e1", null, "message", "2026-12-07T00:00:00Z", "{}")] },
            CancellationToken.None);

        // Assert
        store.Location.Should().Be(_temp.Combine("state", SqliteStoreBuilderExtensions.DefaultFileName));
        File.Exists(store.Location).Should().BeTrue();
        subscription.Take().Entries.Select(e => e.EntryId).Should().Equal(["e1"], "the store is wrapped so that live history sees its writes");
        services.GetRequiredService<AgentRunner>().Should().NotBeNull("the runtime is complete with a store");
    }

    [Fact]
    public async Task UseSqliteStore_ThePathSetting_PlacesTheFile()
    {
        // Arrange
        var path = _temp.Combine("elsewhere", "sessions.sqlite");
        await using var services = Services(new() { ["OpenClaw:Storage:Path"] = path });

        // Act
        var store = services.GetRequiredService<ISessionStore>();

        // Assert
        store.Location.Should().Be(path);
    }

    [Fact]
    public async Task UseSqliteStore_AnUnknownSynchronousMode_IsRefused()
    {
        // Arrange
        await using var services = Services(new() { ["OpenClaw:Storage:Synchronous"] = "sometimes" });

        // Act
        var resolve = () => services.GetRequiredService<ISessionStore>();

        // Assert
        resolve.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("OpenClaw:Storage:Synchronous must be 'full' or 'normal'");
    }

    private ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var collection = new ServiceCollection();
        collection.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        collection.AddLogging();
        var stateDir = _temp.Combine("state");
        var snapshot = new ConfigSnapshot(new OpenClawConfig(), new OpenClawPaths(stateDir, Path.Combine(stateDir, "openclaw.json")), version: 1);
        collection.AddOpenClawCore(new TestConfigSource(snapshot)).UseSqliteStore();
        return collection.BuildServiceProvider();
    }
}
