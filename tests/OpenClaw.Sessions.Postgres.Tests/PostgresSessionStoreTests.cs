using Npgsql;
using OpenClaw.Core.Sessions;
using OpenClaw.Testing;

namespace OpenClaw.Sessions.Postgres.Tests;

/// <summary>What only a store shared by several gateways has to get right: concurrent startups and writers.</summary>
public sealed class PostgresSessionStoreTests : PostgresDatabaseTest
{
    [SkippableFact]
    public async Task InitializeAsync_EightInstancesStartingAtOnce_ApplyEachMigrationExactlyOnce()
    {
        // Arrange
        SkipWithoutServer();
        var stores = Enumerable.Range(0, 8).Select(_ => new PostgresSessionStore(ConnectionString)).ToList();

        // Act
        await Task.WhenAll(stores.Select(store => Task.Run(() => store.InitializeAsync(CancellationToken.None))));

        // Assert
        var versions = await ScalarListAsync("SELECT version FROM openclaw_migrations ORDER BY version;");
        versions.Should().Equal(Enumerable.Range(1, PostgresSchema.Version).Select(v => (object)v));
        await stores[3].WriteAsync(new SessionWrite { Session = Session("agent:main:k") }, CancellationToken.None);
        (await stores[5].GetSessionAsync("agent:main:k", CancellationToken.None)).Should().NotBeNull("every instance sees one database");
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task WriteAsync_TwoInstancesAppendAfterTheSameEntry_OneWinsAndTheOtherIsRefusedWithAConflict()
    {
        // Arrange: both read the transcript up to entry 1
        SkipWithoutServer();
        await using var a = await OpenAsync();
        await using var b = await OpenAsync();
        await a.WriteAsync(new SessionWrite { NewTranscript = new TranscriptHeader("t", "main", "agent:main:k", 1, null), Entries = [Entry(1)] }, CancellationToken.None);

        // Act
        var writes = new[] { a, b, a, b }.Select(store => Task.Run(() => store.WriteAsync(
            new SessionWrite { Session = Session("agent:main:k") with { SessionId = "t" }, Entries = [Entry(2)], ExpectedLastSeq = 1 }, CancellationToken.None)));
        var outcomes = await Task.WhenAll(writes.Select(write => Record.ExceptionAsync(() => write)));

        // Assert
        outcomes.Count(o => o is null).Should().Be(1);
        outcomes.Where(o => o is not null).Should().AllBeOfType<TranscriptConflictException>()
            .Which.Should().OnlyContain(c => c.ExpectedLastSeq == 1 && c.ActualLastSeq == 2);
        (await a.ReadTranscriptAsync("t", CancellationToken.None)).Select(e => e.Seq).Should().Equal(1, 2);
    }

    [SkippableFact]
    public void Location_NamesHostPortAndDatabase_NeverThePassword()
    {
        // Act
        var store = new PostgresSessionStore("Host=db.internal;Port=6543;Database=openclaw;Username=gw;Password=s3cret");

        // Assert
        store.Location.Should().Be("postgres://db.internal:6543/openclaw");
    }

    private async Task<PostgresSessionStore> OpenAsync()
    {
        var store = new PostgresSessionStore(ConnectionString);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    private async Task<List<object>> ScalarListAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<object>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetValue(0));
        }

        return values;
    }

    private static SessionEntry Session(string key) => new() { SessionKey = key, AgentId = "main", SessionId = "s-1", CreatedAt = 1_000, UpdatedAt = 1_000 };

    private static TranscriptEntry Entry(long seq) => new("t", seq, $"e{seq}", seq == 1 ? null : $"e{seq - 1}", "message", "2026-11-22T03:36:09.988Z", $$"""{"seq":{{seq}}}""");
}
