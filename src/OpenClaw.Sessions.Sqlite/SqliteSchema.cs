using Microsoft.Data.Sqlite;

namespace OpenClaw.Sessions.Sqlite;

/// <summary>Versioned schema migrations, applied in order at startup (tracked in <c>PRAGMA user_version</c>).</summary>
internal static class SqliteSchema
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE sessions (
            session_key TEXT PRIMARY KEY,
            agent_id TEXT NOT NULL,
            session_id TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            session_started_at INTEGER,
            last_interaction_at INTEGER,
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
            input_tokens INTEGER NOT NULL DEFAULT 0,
            output_tokens INTEGER NOT NULL DEFAULT 0,
            cache_read INTEGER NOT NULL DEFAULT 0,
            cache_write INTEGER NOT NULL DEFAULT 0,
            total_tokens INTEGER NOT NULL DEFAULT 0,
            context_tokens INTEGER NOT NULL DEFAULT 0,
            aborted_last_run INTEGER NOT NULL DEFAULT 0,
            last_run_id TEXT,
            system_sent INTEGER NOT NULL DEFAULT 0,
            extra_json TEXT
        );
        CREATE INDEX ix_sessions_agent_updated ON sessions (agent_id, updated_at DESC);
        CREATE TABLE transcripts (
            session_id TEXT PRIMARY KEY,
            agent_id TEXT NOT NULL,
            session_key TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            cwd TEXT,
            version INTEGER NOT NULL DEFAULT 3,
            archived_at INTEGER,
            archive_reason TEXT
        );
        CREATE INDEX ix_transcripts_session_key ON transcripts (session_key);
        CREATE TABLE transcript_entries (
            session_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            entry_id TEXT NOT NULL,
            parent_id TEXT,
            type TEXT NOT NULL,
            timestamp TEXT NOT NULL,
            payload_json TEXT NOT NULL,
            PRIMARY KEY (session_id, seq)
        ) WITHOUT ROWID;
        """,
        """
        CREATE TABLE response_sessions (
            response_id TEXT PRIMARY KEY,
            session_key TEXT NOT NULL,
            agent_id TEXT NOT NULL,
            auth_subject TEXT NOT NULL,
            requested_session_key TEXT,
            created_at INTEGER NOT NULL
        );
        """,
        """
        CREATE INDEX ix_sessions_session_id ON sessions (session_id);
        """,

        // Nothing looks transcripts up by session key; the index only cost a page in every new transcript's write.
        """
        DROP INDEX IF EXISTS ix_transcripts_session_key;
        """,
    ];

    public static void Migrate(SqliteConnection connection)
    {
        using var read = connection.CreateCommand();
        read.CommandText = "PRAGMA user_version;";
        var version = Convert.ToInt32(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        for (var i = version; i < Migrations.Length; i++)
        {
            using var transaction = connection.BeginTransaction();
            using var migrate = connection.CreateCommand();
            migrate.Transaction = transaction;
            migrate.CommandText = Migrations[i] + $"\nPRAGMA user_version = {i + 1};";
            migrate.ExecuteNonQuery();
            transaction.Commit();
        }
    }
}
