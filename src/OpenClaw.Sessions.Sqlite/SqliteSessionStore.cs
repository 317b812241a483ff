using Microsoft.Data.Sqlite;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Sessions.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. Reads use pooled connections; all writes go through one
/// writer (<see cref="SqliteWriteQueue"/>) that commits whatever is queued in a single transaction, so concurrent
/// runs share one fsync instead of paying one each.
/// </summary>
public sealed class SqliteSessionStore : ISessionStore
{
    private readonly string _connectionString;
    private readonly bool _fullSync;
    private readonly bool _readOnly;
    private SqliteWriteQueue? _writer;

    static SqliteSessionStore() => SQLitePCL.Batteries_V2.Init();

    /// <param name="databasePath">The database file; its directory is created on first use.</param>
    /// <param name="fullSync">
    /// <c>synchronous=FULL</c>: a committed turn survives power loss. <c>false</c> uses NORMAL (survives a process
    /// crash, may lose the last commits on power loss).
    /// </param>
    public SqliteSessionStore(string databasePath, bool fullSync = true)
        : this(databasePath, fullSync, readOnly: false)
    {
    }

    private SqliteSessionStore(string databasePath, bool fullSync, bool readOnly)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        Location = Path.GetFullPath(databasePath);
        _fullSync = fullSync;
        _readOnly = readOnly;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Location,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string Location { get; }

    /// <summary>
    /// A store over an existing file that only reads (the CLI's <c>sessions</c> listing and export): it never
    /// creates the file or migrates it, and every write fails.
    /// </summary>
    public static SqliteSessionStore OpenReadOnly(string databasePath) => new(databasePath, fullSync: false, readOnly: true);

    public Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_writer is not null || _readOnly)
        {
            return Task.CompletedTask;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Location)!);
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, $"PRAGMA journal_mode=WAL; PRAGMA synchronous={(_fullSync ? "FULL" : "NORMAL")}; PRAGMA busy_timeout=30000;");
        SqliteSchema.Migrate(connection);
        _writer = new SqliteWriteQueue(connection, _fullSync);
        return Task.CompletedTask;
    }

    public Task<SessionEntry?> GetSessionAsync(string sessionKey, CancellationToken cancellationToken) =>
        ReadSessionAsync($"SELECT {SessionColumns.Select} FROM sessions WHERE session_key = $value;", sessionKey, cancellationToken);

    public Task<SessionEntry?> FindBySessionIdAsync(string sessionId, CancellationToken cancellationToken) =>
        ReadSessionAsync($"SELECT {SessionColumns.Select} FROM sessions WHERE session_id = $value LIMIT 1;", sessionId, cancellationToken);

    public async Task<IReadOnlyList<TranscriptEntry>> ReadTranscriptAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT seq, entry_id, parent_id, type, timestamp, payload_json FROM transcript_entries " +
            "WHERE session_id = $id ORDER BY seq;";
        command.Parameters.AddWithValue("$id", sessionId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<TranscriptEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new TranscriptEntry(
                sessionId,
                reader.GetInt64(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5)));
        }

        return entries;
    }

    public async Task<TranscriptHeader?> GetTranscriptAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT agent_id, session_key, created_at, cwd FROM transcripts WHERE session_id = $id;";
        command.Parameters.AddWithValue("$id", sessionId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new TranscriptHeader(sessionId, reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetString(3))
            : null;
    }

    public async Task<TranscriptImportResult> ImportTranscriptAsync(
        string sessionKey, string agentId, TranscriptFile file, long now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionKey);
        ArgumentException.ThrowIfNullOrEmpty(agentId);
        ArgumentNullException.ThrowIfNull(file);
        EnsureWritable();
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        Execute(connection, $"PRAGMA busy_timeout=30000; PRAGMA synchronous={(_fullSync ? "FULL" : "NORMAL")};");
        return await SqliteTranscriptImport.RunAsync(connection, sessionKey, agentId, file, now, cancellationToken).ConfigureAwait(false);
    }

    public async Task<SessionPage> ListSessionsAsync(SessionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var where = SqliteSessionQuery.Where(query, command, connection);
        command.CommandText =
            $"SELECT {SessionColumns.Select}, COUNT(*) OVER () FROM sessions{where} " +
            "ORDER BY updated_at DESC, session_key LIMIT $limit OFFSET $offset;";
        command.Parameters.AddWithValue("$limit", query.Limit is { } limit ? Math.Max(0, limit) : -1);
        command.Parameters.AddWithValue("$offset", Math.Max(0, query.Offset));
        var sessions = new List<SessionEntry>();
        var total = 0;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                sessions.Add(SessionColumns.Read(reader));
                total = reader.GetInt32(SessionColumns.Count);
            }
        }

        if (sessions.Count == 0 && (query.Offset > 0 || query.Limit == 0))
        {
            // A page past the end (or of no rows) has no row to carry the count.
            command.CommandText = $"SELECT COUNT(*) FROM sessions{where};";
            total = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }

        return new SessionPage(sessions, total);
    }

    public async Task<ResponseSession?> FindResponseSessionAsync(string responseId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT session_key, agent_id, auth_subject, requested_session_key, created_at FROM response_sessions WHERE response_id = $id;";
        command.Parameters.AddWithValue("$id", responseId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new ResponseSession(responseId, reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetInt64(4))
            : null;
    }

    public Task WriteAsync(SessionWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        EnsureWritable();
        return _writer!.EnqueueAsync(write, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
        }

        // Only this store's pooled readers: other stores in the process (tests, the CLI) keep theirs.
        using var pooled = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(pooled);
    }

    private void EnsureWritable()
    {
        if (_readOnly)
        {
            throw new InvalidOperationException("The session store was opened read-only.");
        }

        if (_writer is null)
        {
            throw new InvalidOperationException("The session store is not initialized.");
        }
    }

    /// <summary>The first session <paramref name="sql"/> selects, its one parameter <c>$value</c> set; null when none.</summary>
    private async Task<SessionEntry?> ReadSessionAsync(string sql, string value, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$value", value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? SessionColumns.Read(reader) : null;
    }

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
