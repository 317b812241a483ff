using Microsoft.Data.Sqlite;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Sessions.Sqlite;

/// <summary>
/// <see cref="ISessionStore.ImportTranscriptAsync"/> for SQLite, on its own connection. The transaction is
/// <c>BEGIN IMMEDIATE</c>: it takes the write lock before reading the session row, so a running gateway's writer
/// (another connection, possibly another process) waits for it (busy timeout) instead of interleaving.
/// </summary>
internal static class SqliteTranscriptImport
{
    public static async Task<TranscriptImportResult> RunAsync(
        SqliteConnection connection, string sessionKey, string agentId, TranscriptFile file, long now, CancellationToken cancellationToken)
    {
        await using var transaction = connection.BeginTransaction(deferred: false);
        var sessionId = file.SessionId;
        while (await IdInUseAsync(connection, transaction, sessionId, cancellationToken).ConfigureAwait(false))
        {
            sessionId = Guid.NewGuid().ToString();
        }

        var existing = await ReadSessionAsync(connection, transaction, sessionKey, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction,
            "INSERT INTO transcripts (session_id, agent_id, session_key, created_at, cwd, version) VALUES ($id, $agent, $key, $created, $cwd, 3);",
            cancellationToken, ("$id", sessionId), ("$agent", agentId), ("$key", sessionKey), ("$created", file.CreatedAt), ("$cwd", file.Cwd)).ConfigureAwait(false);

        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText =
                "INSERT INTO transcript_entries (session_id, seq, entry_id, parent_id, type, timestamp, payload_json) " +
                "VALUES ($id, $seq, $entry, $parent, $type, $ts, $payload);";
            var parameters = new[] { "$id", "$seq", "$entry", "$parent", "$type", "$ts", "$payload" }
                .Select(name => insert.Parameters.Add(new SqliteParameter(name, null))).ToArray();
            var seq = 0L;
            foreach (var entry in file.Entries)
            {
                object?[] values = [sessionId, ++seq, entry.EntryId, entry.ParentId, entry.Type, entry.Timestamp, entry.PayloadJson];
                for (var i = 0; i < values.Length; i++)
                {
                    parameters[i].Value = values[i] ?? DBNull.Value;
                }

                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (existing is not null && existing.SessionId != sessionId)
        {
            await ExecuteAsync(connection, transaction,
                "UPDATE transcripts SET archived_at = $at, archive_reason = 'reset' WHERE session_id = $id AND archived_at IS NULL;",
                cancellationToken, ("$at", now), ("$id", existing.SessionId)).ConfigureAwait(false);
        }

        var session = SessionEntry.Imported(existing, sessionKey, agentId, sessionId, now);
        using (var upsert = new SessionRowStatement(connection, SqliteSessionSql.Upsert))
        {
            upsert.Execute(session);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new TranscriptImportResult(sessionId, session, CreatedSession: existing is null);
    }

    /// <summary>Any trace of the id: a transcript, stray entries, or a session row still naming it.</summary>
    private static async Task<bool> IdInUseAsync(SqliteConnection connection, SqliteTransaction transaction, string sessionId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            "SELECT EXISTS (SELECT 1 FROM transcripts WHERE session_id = $id) " +
            "OR EXISTS (SELECT 1 FROM transcript_entries WHERE session_id = $id) " +
            "OR EXISTS (SELECT 1 FROM sessions WHERE session_id = $id);";
        command.Parameters.AddWithValue("$id", sessionId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) != 0;
    }

    private static async Task<SessionEntry?> ReadSessionAsync(SqliteConnection connection, SqliteTransaction transaction, string sessionKey, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {SessionColumns.Select} FROM sessions WHERE session_key = $key;";
        command.Parameters.AddWithValue("$key", sessionKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? SessionColumns.Read(reader) : null;
    }

    private static async Task ExecuteAsync(
        SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
