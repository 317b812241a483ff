using Npgsql;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Sessions.Postgres;

/// <summary>
/// <see cref="ISessionStore.ImportTranscriptAsync"/> for PostgreSQL, in one transaction. The session row is read
/// <c>FOR UPDATE</c>, so a gateway's write to the same row waits for the import instead of interleaving.
/// </summary>
internal static class PostgresTranscriptImport
{
    public static async Task<TranscriptImportResult> RunAsync(
        NpgsqlDataSource dataSource, string sessionKey, string agentId, TranscriptFile file, long now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var sessionId = file.SessionId;
        while (await IdInUseAsync(connection, transaction, sessionId, cancellationToken).ConfigureAwait(false))
        {
            sessionId = Guid.NewGuid().ToString();
        }

        SessionEntry? existing;
        await using (var read = new NpgsqlCommand($"SELECT {SessionColumns.Select} FROM sessions WHERE session_key = $1 FOR UPDATE;", connection, transaction))
        {
            read.Parameters.Add(PgValues.Text(sessionKey));
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            existing = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? SessionColumns.Read(reader) : null;
        }

        var session = SessionEntry.Imported(existing, sessionKey, agentId, sessionId, now);
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            batch.BatchCommands.Add(PgValues.Command(
                PostgresSessionSql.InsertTranscript,
                PgValues.Text(sessionId), PgValues.Text(agentId), PgValues.Text(sessionKey), PgValues.Int64(file.CreatedAt), PgValues.Text(file.Cwd)));
            var seq = 0L;
            foreach (var entry in file.Entries)
            {
                batch.BatchCommands.Add(PgValues.Command(
                    PostgresSessionSql.InsertEntry,
                    PgValues.Text(sessionId), PgValues.Int64(++seq), PgValues.Text(entry.EntryId), PgValues.Text(entry.ParentId),
                    PgValues.Text(entry.Type), PgValues.Text(entry.Timestamp), PgValues.Text(entry.PayloadJson)));
            }

            if (existing is not null && existing.SessionId != sessionId)
            {
                batch.BatchCommands.Add(PgValues.Command(
                    "UPDATE transcripts SET archived_at = $1, archive_reason = 'reset' WHERE session_id = $2 AND archived_at IS NULL;",
                    PgValues.Int64(now), PgValues.Text(existing.SessionId)));
            }

            batch.BatchCommands.Add(PgValues.Command(PostgresSessionSql.Upsert, [.. PgValues.SessionRow(session), PgValues.Text(null)]));
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new TranscriptImportResult(sessionId, session, CreatedSession: existing is null);
    }

    /// <summary>Any trace of the id: a transcript, stray entries, or a session row still naming it.</summary>
    private static async Task<bool> IdInUseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sessionId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM transcripts WHERE session_id = $1) " +
            "OR EXISTS (SELECT 1 FROM transcript_entries WHERE session_id = $1) " +
            "OR EXISTS (SELECT 1 FROM sessions WHERE session_id = $1);",
            connection,
            transaction);
        command.Parameters.Add(PgValues.Text(sessionId));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
    }
}
