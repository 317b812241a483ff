using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Sessions.Sqlite;

/// <summary>
/// The single writer: drains queued writes and commits each batch in one transaction (one fsync). Each write runs
/// under its own savepoint, so one failing write fails alone. With full sync, a batch of only non-durable writes is
/// committed without an fsync (WAL <c>synchronous=NORMAL</c>); the next durable batch's fsync covers it too.
/// </summary>
/// <remarks>
/// A write committed alone, with nothing queued behind it, hands its caller the writer's thread: the caller's
/// continuation runs right after the commit instead of being queued to the thread pool, which would wake a worker for
/// it (at low load every write is alone, so a turn saves a hand-off for its durable end write, which it awaits).
/// The writer resumes when that continuation next awaits. Callers of a larger batch continue on the pool, so none
/// waits for another's continuation.
/// </remarks>
internal sealed class SqliteWriteQueue : IAsyncDisposable
{
    private const int MaxBatch = 256;

    private readonly SqliteConnection _connection;
    // Not single-reader: that channel cannot count, and a batch hands over the thread only when nothing is queued.
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>();
    private readonly SessionRowStatement _upsertSession;
    private readonly SessionRowStatement _updateSameTranscript;
    private readonly RawStatement _insertTranscript;
    private readonly EntryInsert _insertEntry;
    private readonly SqliteCommand _archive;
    private readonly SqliteCommand _deleteSession;
    private readonly SqliteCommand _currentSessionId;
    private readonly RawStatement _lastSeq;
    private readonly SqliteCommand _insertResponseSession;
    private readonly SqliteCommand _trimResponseSessions;
    private readonly SqliteCommand _syncFull;
    private readonly SqliteCommand _syncNormal;
    private readonly bool _fullSync;
    private readonly Task _loop;
    private bool _syncIsFull;

    public SqliteWriteQueue(SqliteConnection connection, bool fullSync)
    {
        _connection = connection;
        _fullSync = fullSync;
        _syncIsFull = fullSync;
        _syncFull = Prepare("PRAGMA synchronous=FULL;");
        _syncNormal = Prepare("PRAGMA synchronous=NORMAL;");
        _upsertSession = new SessionRowStatement(connection, SqliteSessionSql.Upsert);
        _updateSameTranscript = new SessionRowStatement(connection, SqliteSessionSql.UpdateSameTranscript);
        _insertTranscript = new RawStatement(
            connection,
            "INSERT INTO transcripts (session_id, agent_id, session_key, created_at, cwd, version) VALUES (?1, ?2, ?3, ?4, ?5, 3);");
        _insertEntry = new EntryInsert(connection);
        _archive = Prepare(
            "UPDATE transcripts SET archived_at = $at, archive_reason = $reason WHERE session_id = $id;",
            "$at", "$reason", "$id");
        _deleteSession = Prepare("DELETE FROM sessions WHERE session_key = $key;", "$key");
        _currentSessionId = Prepare("SELECT session_id FROM sessions WHERE session_key = $key;", "$key");
        _lastSeq = new RawStatement(connection, "SELECT COALESCE(MAX(seq), 0) FROM transcript_entries WHERE session_id = ?1;");
        _insertResponseSession = Prepare(
            "INSERT OR REPLACE INTO response_sessions (response_id, session_key, agent_id, auth_subject, requested_session_key, created_at) " +
            "VALUES ($id, $key, $agent, $subject, $requested, $created);",
            "$id", "$key", "$agent", "$subject", "$requested", "$created");

        // The table keeps the newest entries only (rowid order is write order): it never grows past the cap.
        _trimResponseSessions = Prepare(
            "DELETE FROM response_sessions WHERE rowid <= (SELECT rowid FROM response_sessions ORDER BY rowid DESC LIMIT 1 OFFSET $max);",
            "$max");
        _loop = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    public Task EnqueueAsync(SessionWrite write, CancellationToken cancellationToken)
    {
        var pending = new PendingWrite(write);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The session store is shutting down.");
        }

        // The write itself is never cancelled: a turn that reached the queue is persisted even if the caller left.
        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        foreach (var command in new[] { _archive, _deleteSession, _currentSessionId, _insertResponseSession, _trimResponseSessions, _syncFull, _syncNormal })
        {
            await command.DisposeAsync().ConfigureAwait(false);
        }

        // Finalized before their connection closes (an open statement would keep the database busy).
        _insertTranscript.Dispose();
        _insertEntry.Dispose();
        _lastSeq.Dispose();
        _upsertSession.Dispose();
        _updateSameTranscript.Dispose();
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            CommitBatch(batch);
            batch.Clear();
        }
    }

    private void CommitBatch(List<PendingWrite> batch)
    {
        try
        {
            SetSync(_fullSync && batch.Exists(p => p.Write.Durable));
            using var transaction = _connection.BeginTransaction();
            for (var i = 0; i < batch.Count; i++)
            {
                transaction.Save("w");
                try
                {
                    Apply(batch[i].Write, transaction);
                    transaction.Release("w");
                }
                catch (Exception ex) when (ex is SqliteException or TranscriptConflictException)
                {
                    transaction.Rollback("w");
                    batch[i].Failure = ex;
                }
            }

            transaction.Commit();
        }
        catch (Exception ex)
        {
            foreach (var pending in batch)
            {
                pending.Failure = ex;
            }
        }

        Complete(batch);
    }

    private void Complete(List<PendingWrite> batch)
    {
        if (batch.Count == 1 && _queue.Reader.Count == 0)
        {
            batch[0].Complete();
            return;
        }

        foreach (var pending in batch)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static pending => pending.Complete(), pending, preferLocal: true);
        }
    }

    private void SetSync(bool full)
    {
        if (full != _syncIsFull)
        {
            (full ? _syncFull : _syncNormal).ExecuteNonQuery();
            _syncIsFull = full;
        }
    }

    private void Apply(SessionWrite write, SqliteTransaction transaction)
    {
        if (write.ExpectedLastSeq is { } expected && write.Entries.Count > 0)
        {
            CheckLastSeq(write.Entries[0].SessionId, expected);
        }

        if (write.NewTranscript is { } header)
        {
            _insertTranscript.Bind(1, header.SessionId);
            _insertTranscript.Bind(2, header.AgentId);
            _insertTranscript.Bind(3, header.SessionKey);
            _insertTranscript.Bind(4, header.CreatedAt);
            _insertTranscript.Bind(5, header.Cwd);
            _insertTranscript.Execute();
        }

        if (write.Archive is { } archive)
        {
            Run(_archive, transaction, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), archive.Reason, archive.SessionId);
        }

        foreach (var entry in write.Entries)
        {
            _insertEntry.Run(entry);
        }

        if (write.DeleteSessionKey is { } deleted)
        {
            Run(_deleteSession, transaction, deleted);
        }

        if (write.ResponseSession is { Entry: var response, MaxEntries: var max })
        {
            Run(_insertResponseSession, transaction, response.ResponseId, response.SessionKey, response.AgentId, response.AuthSubject, response.RequestedSessionKey, response.CreatedAt);
            Run(_trimResponseSessions, transaction, Math.Max(1, max));
        }

        if (write.Session is { } session)
        {
            WriteSession(session, write.ExpectedSessionId, newTranscript: write.NewTranscript?.SessionId == session.SessionId, transaction);
        }
    }

    /// <summary>
    /// Writes the row, unless it was repointed to a transcript other than <paramref name="expectedSessionId"/>. A row
    /// that already names the session's transcript (every turn's end, a continuing session's start) is updated in
    /// place; a new key or a new transcript takes the upsert.
    /// </summary>
    private void WriteSession(SessionEntry session, string? expectedSessionId, bool newTranscript, SqliteTransaction transaction)
    {
        var mayNameIt = !newTranscript && (expectedSessionId is null || expectedSessionId == session.SessionId);
        if (mayNameIt && _updateSameTranscript.Execute(session) == 1)
        {
            return;
        }

        if (StillPointsAt(expectedSessionId, session.SessionKey, transaction))
        {
            _upsertSession.Execute(session);
        }
    }

    private void CheckLastSeq(string sessionId, long expected)
    {
        _lastSeq.Bind(1, sessionId);
        var actual = _lastSeq.QueryInt64();
        if (actual != expected)
        {
            throw new TranscriptConflictException(sessionId, expected, actual);
        }
    }

    private bool StillPointsAt(string? expectedSessionId, string sessionKey, SqliteTransaction transaction)
    {
        if (expectedSessionId is null)
        {
            return true;
        }

        _currentSessionId.Transaction = transaction;
        _currentSessionId.Parameters[0].Value = sessionKey;
        return _currentSessionId.ExecuteScalar() is not string current || current == expectedSessionId;
    }

    private static void Run(SqliteCommand command, SqliteTransaction transaction, params object?[] values)
    {
        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        try
        {
            command.ExecuteNonQuery();
        }
        finally
        {
            // A prepared command keeps its last values: a 20 MiB payload would stay alive until the next write.
            foreach (SqliteParameter parameter in command.Parameters)
            {
                parameter.Value = DBNull.Value;
            }
        }
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter(name, null));
        }

        return command;
    }

    /// <summary>A queued write; its completion runs its caller's continuation on the completing thread.</summary>
    private sealed class PendingWrite(SessionWrite write)
    {
        public SessionWrite Write => write;

        public TaskCompletionSource Completion { get; } = new();

        public Exception? Failure { get; set; }

        public void Complete()
        {
            if (Failure is { } failure)
            {
                Completion.TrySetException(failure);
            }
            else
            {
                Completion.TrySetResult();
            }
        }
    }
}
