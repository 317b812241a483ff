using Npgsql;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Sessions.Postgres;

/// <summary>
/// <see cref="ISessionStore.WriteAsync"/> for PostgreSQL: one transaction, its statements sent as one batch. A write
/// that is not durable commits with <c>synchronous_commit</c> off (it survives a server crash once the next durable
/// commit, or the WAL writer, has flushed it).
/// </summary>
internal static class PostgresSessionWrite
{
    private const string LastSeq = "SELECT COALESCE(MAX(seq), 0) FROM transcript_entries WHERE session_id = $1;";

    public static async Task RunAsync(NpgsqlDataSource dataSource, SessionWrite write, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction);
        var check = write.ExpectedLastSeq is { } expected && write.Entries.Count > 0 ? (write.Entries[0].SessionId, expected) : ((string SessionId, long Expected)?)null;

        // The check goes first, so the reader starts on its row.
        if (check is { } first)
        {
            batch.BatchCommands.Add(PgValues.Command(LastSeq, PgValues.Text(first.SessionId)));
        }

        Add(batch, write);
        try
        {
            long? actual = null;
            await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                if (check is not null && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    actual = reader.GetInt64(0);
                }

                while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
                {
                }
            }

            if (check is { } checkedSeq && actual != checkedSeq.Expected)
            {
                throw new TranscriptConflictException(checkedSeq.SessionId, checkedSeq.Expected, actual ?? 0);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && ex.TableName == "transcript_entries" && check is { } raced)
        {
            // Another writer appended between the check and the insert: the primary key refused the second one.
            throw new TranscriptConflictException(raced.SessionId, raced.Expected, await LastSeqAsync(dataSource, raced.SessionId).ConfigureAwait(false));
        }
    }

    private static void Add(NpgsqlBatch batch, SessionWrite write)
    {
        var commands = batch.BatchCommands;
        if (!write.Durable)
        {
            commands.Add(new NpgsqlBatchCommand("SET LOCAL synchronous_commit TO OFF;"));
        }

        if (write.NewTranscript is { } header)
        {
            commands.Add(PgValues.Command(
                PostgresSessionSql.InsertTranscript,
                PgValues.Text(header.SessionId), PgValues.Text(header.AgentId), PgValues.Text(header.SessionKey), PgValues.Int64(header.CreatedAt), PgValues.Text(header.Cwd)));
        }

        if (write.Archive is { } archive)
        {
            commands.Add(PgValues.Command(
                "UPDATE transcripts SET archived_at = $1, archive_reason = $2 WHERE session_id = $3;",
                PgValues.Int64(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), PgValues.Text(archive.Reason), PgValues.Text(archive.SessionId)));
        }

        foreach (var entry in write.Entries)
        {
            commands.Add(PgValues.Command(
                PostgresSessionSql.InsertEntry,
                PgValues.Text(entry.SessionId), PgValues.Int64(entry.Seq), PgValues.Text(entry.EntryId), PgValues.Text(entry.ParentId),
                PgValues.Text(entry.Type), PgValues.Text(entry.Timestamp), PgValues.Text(entry.PayloadJson)));
        }

        if (write.DeleteSessionKey is { } deleted)
        {
            commands.Add(PgValues.Command("DELETE FROM sessions WHERE session_key = $1;", PgValues.Text(deleted)));
        }

        if (write.ResponseSession is { Entry: var response, MaxEntries: var max })
        {
            // Rewritten as the newest; the table keeps the newest entries only, so it never grows past the cap.
            commands.Add(PgValues.Command("DELETE FROM response_sessions WHERE response_id = $1;", PgValues.Text(response.ResponseId)));
            commands.Add(PgValues.Command(
                "INSERT INTO response_sessions (response_id, session_key, agent_id, auth_subject, requested_session_key, created_at) VALUES ($1, $2, $3, $4, $5, $6);",
                PgValues.Text(response.ResponseId), PgValues.Text(response.SessionKey), PgValues.Text(response.AgentId), PgValues.Text(response.AuthSubject),
                PgValues.Text(response.RequestedSessionKey), PgValues.Int64(response.CreatedAt)));
            commands.Add(PgValues.Command(
                "DELETE FROM response_sessions WHERE written <= (SELECT written FROM response_sessions ORDER BY written DESC LIMIT 1 OFFSET $1);",
                PgValues.Int64(Math.Max(1, max))));
        }

        if (write.Session is { } session)
        {
            commands.Add(PgValues.Command(PostgresSessionSql.Upsert, [.. PgValues.SessionRow(session), PgValues.Text(write.ExpectedSessionId)]));
        }
    }

    private static async Task<long> LastSeqAsync(NpgsqlDataSource dataSource, string sessionId)
    {
        await using var command = dataSource.CreateCommand(LastSeq);
        command.Parameters.Add(PgValues.Text(sessionId));
        return (long)(await command.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false))!;
    }
}
