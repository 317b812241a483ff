using Npgsql;

namespace OpenClaw.Sessions.Postgres;

/// <summary>
/// Versioned schema migrations, recorded in <c>openclaw_migrations</c>. Gateways starting at once apply each exactly
/// once: all of it runs in one transaction that first takes a transaction-scoped advisory lock, so the others wait
/// for it and then find nothing left to do (DDL is transactional in PostgreSQL).
/// </summary>
internal static class PostgresSchema
{
    /// <summary>The advisory lock key of migrations ("openclaw" in ASCII).</summary>
    private const long MigrationLock = 0x6F70656E636C6177;

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE sessions (
            session_key TEXT PRIMARY KEY,
            agent_id TEXT NOT NULL,
            session_id TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            session_started_at BIGINT,
            last_interaction_at BIGINT,
            label TEXT,
            display_name TEXT,
            channel TEXT,
            chat_type TEXT,
            thinking_level TEXT,
            verbose_level TEXT,
            provider_override TEXT,
            model_override TEXT,
            send_policy TEXT,
            model_provider TEXT,
            model TEXT,
            input_tokens BIGINT NOT NULL DEFAULT 0,
            output_tokens BIGINT NOT NULL DEFAULT 0,
            cache_read BIGINT NOT NULL DEFAULT 0,
            cache_write BIGINT NOT NULL DEFAULT 0,
            total_tokens BIGINT NOT NULL DEFAULT 0,
            context_tokens BIGINT NOT NULL DEFAULT 0,
            aborted_last_run BIGINT NOT NULL DEFAULT 0,
            last_run_id TEXT,
            system_sent BIGINT NOT NULL DEFAULT 0,
            extra_json TEXT
        );
        CREATE INDEX ix_sessions_agent_updated ON sessions (agent_id, updated_at DESC);
        CREATE INDEX ix_sessions_session_id ON sessions (session_id);
        CREATE TABLE transcripts (
            session_id TEXT PRIMARY KEY,
            agent_id TEXT NOT NULL,
            session_key TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            cwd TEXT,
            version INTEGER NOT NULL DEFAULT 3,
            archived_at BIGINT,
            archive_reason TEXT
        );
        CREATE TABLE transcript_entries (
            session_id TEXT NOT NULL,
            seq BIGINT NOT NULL,
            entry_id TEXT NOT NULL,
            parent_id TEXT,
            type TEXT NOT NULL,
            timestamp TEXT NOT NULL,
            payload_json TEXT NOT NULL,
            PRIMARY KEY (session_id, seq)
        );
        CREATE TABLE response_sessions (
            response_id TEXT PRIMARY KEY,
            written BIGSERIAL NOT NULL,
            session_key TEXT NOT NULL,
            agent_id TEXT NOT NULL,
            auth_subject TEXT NOT NULL,
            requested_session_key TEXT,
            created_at BIGINT NOT NULL
        );
        CREATE INDEX ix_response_sessions_written ON response_sessions (written);
        """,
    ];

    /// <summary>The number of migrations this build knows.</summary>
    public static int Version => Migrations.Length;

    public static async Task MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1);", connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = MigrationLock });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS openclaw_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now());", cancellationToken).ConfigureAwait(false);
        int applied;
        await using (var read = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM openclaw_migrations;", connection, transaction))
        {
            applied = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }

        for (var i = applied; i < Migrations.Length; i++)
        {
            await ExecuteAsync(connection, transaction, Migrations[i], cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, $"INSERT INTO openclaw_migrations (version) VALUES ({i + 1});", cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
