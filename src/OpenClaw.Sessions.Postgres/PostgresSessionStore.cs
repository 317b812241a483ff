using Npgsql;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Sessions.Postgres;

/// <summary>
/// Sessions and transcripts in PostgreSQL, shared by every gateway instance on the database. Each write is one
/// transaction sent as one batch on a pooled connection; the server orders concurrent writers, and a transcript's
/// primary key <c>(session_id, seq)</c> refuses a second writer of the same entry even where the expected-last-seq
/// check raced.
/// </summary>
public sealed class PostgresSessionStore : ISessionStore
{
    private readonly NpgsqlDataSource _dataSource;
    private string _lowerCollation = "";

    /// <param name="connectionString">An Npgsql connection string (<c>Host=…;Database=…;Username=…;Password=…</c>).</param>
    public PostgresSessionStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var builder = new NpgsqlSlimDataSourceBuilder(connectionString);
        var settings = builder.ConnectionStringBuilder;
        Location = $"postgres://{settings.Host}:{settings.Port}/{settings.Database ?? settings.Username}";
        _dataSource = builder.Build();
    }

    public string Location { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await PostgresSchema.MigrateAsync(_dataSource, cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu');");
        _lowerCollation = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true ? " COLLATE \"und-x-icu\"" : "";
    }

    public Task<SessionEntry?> GetSessionAsync(string sessionKey, CancellationToken cancellationToken) =>
        ReadSessionAsync($"SELECT {SessionColumns.Select} FROM sessions WHERE session_key = $1;", sessionKey, cancellationToken);

    public Task<SessionEntry?> FindBySessionIdAsync(string sessionId, CancellationToken cancellationToken) =>
        ReadSessionAsync($"SELECT {SessionColumns.Select} FROM sessions WHERE session_id = $1 LIMIT 1;", sessionId, cancellationToken);

    public Task<IReadOnlyList<TranscriptEntry>> ReadTranscriptAsync(string sessionId, CancellationToken cancellationToken) => ReachAsync<IReadOnlyList<TranscriptEntry>>(async () =>
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT seq, entry_id, parent_id, type, timestamp, payload_json FROM transcript_entries WHERE session_id = $1 ORDER BY seq;");
        command.Parameters.Add(PgValues.Text(sessionId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<TranscriptEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new TranscriptEntry(
                sessionId, reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5)));
        }

        return entries;
    });

    public Task<TranscriptHeader?> GetTranscriptAsync(string sessionId, CancellationToken cancellationToken) => ReachAsync(async () =>
    {
        await using var command = _dataSource.CreateCommand("SELECT agent_id, session_key, created_at, cwd FROM transcripts WHERE session_id = $1;");
        command.Parameters.Add(PgValues.Text(sessionId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new TranscriptHeader(sessionId, reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetString(3))
            : null;
    });

    public Task<SessionPage> ListSessionsAsync(SessionQuery query, CancellationToken cancellationToken) => ReachAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var command = _dataSource.CreateCommand();
        var where = PostgresSessionQuery.Where(query, command, _lowerCollation);
        var limit = PostgresSessionQuery.Add(command, PgValues.Int64(query.Limit is { } max ? Math.Max(0, max) : null));
        var offset = PostgresSessionQuery.Add(command, PgValues.Int64(Math.Max(0, query.Offset)));

        // Ties in time are ordered by the key's bytes, as SQLite's default collation does.
        command.CommandText =
            $"SELECT {SessionColumns.Select}, COUNT(*) OVER () FROM sessions{where} " +
            $"ORDER BY updated_at DESC, session_key COLLATE \"C\" LIMIT {limit} OFFSET {offset};";
        var sessions = new List<SessionEntry>();
        var total = 0;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                sessions.Add(SessionColumns.Read(reader));
                total = (int)reader.GetInt64(SessionColumns.Count);
            }
        }

        if (sessions.Count == 0 && (query.Offset > 0 || query.Limit == 0))
        {
            // A page past the end (or of no rows) has no row to carry the count; the last two parameters go unused.
            command.CommandText = $"SELECT COUNT(*) FROM sessions{where};";
            command.Parameters.RemoveAt(command.Parameters.Count - 1);
            command.Parameters.RemoveAt(command.Parameters.Count - 1);
            total = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }

        return new SessionPage(sessions, total);
    });

    public Task<ResponseSession?> FindResponseSessionAsync(string responseId, CancellationToken cancellationToken) => ReachAsync(async () =>
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT session_key, agent_id, auth_subject, requested_session_key, created_at FROM response_sessions WHERE response_id = $1;");
        command.Parameters.Add(PgValues.Text(responseId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new ResponseSession(responseId, reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetInt64(4))
            : null;
    });

    public Task WriteAsync(SessionWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);

        // The write itself is never cancelled: a turn that reached the store is persisted even if the caller left.
        return ReachAsync(async () =>
        {
            await PostgresSessionWrite.RunAsync(_dataSource, write, CancellationToken.None).ConfigureAwait(false);
            return true;
        }).WaitAsync(cancellationToken);
    }

    public Task<TranscriptImportResult> ImportTranscriptAsync(
        string sessionKey, string agentId, TranscriptFile file, long now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionKey);
        ArgumentException.ThrowIfNullOrEmpty(agentId);
        ArgumentNullException.ThrowIfNull(file);
        return ReachAsync(() => PostgresTranscriptImport.RunAsync(_dataSource, sessionKey, agentId, file, now, cancellationToken));
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>
    /// Runs <paramref name="operation"/>; a failure that says the server cannot be reached right now (connection
    /// refused or lost, a server starting up or shutting down) becomes <see cref="SessionStoreUnavailableException"/>.
    /// </summary>
    private static async Task<T> ReachAsync<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (NpgsqlException ex) when (ex.IsTransient)
        {
            throw new SessionStoreUnavailableException(ex);
        }
    }

    private Task<SessionEntry?> ReadSessionAsync(string sql, string value, CancellationToken cancellationToken) => ReachAsync(async () =>
    {
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(PgValues.Text(value));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? SessionColumns.Read(reader) : null;
    });
}
