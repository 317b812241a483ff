namespace OpenClaw.Core.Sessions;

/// <summary>
/// Persistence of sessions and transcripts. SQLite is the embedded default; a PostgreSQL implementation serves
/// several gateway instances. Callers serialize writes per session (the session lane), so the store never merges.
/// </summary>
public interface ISessionStore : IAsyncDisposable
{
    /// <summary>Where the data lives, without credentials (shown by health and status).</summary>
    string Location { get; }

    /// <summary>Creates the database and applies migrations.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    Task<SessionEntry?> GetSessionAsync(string sessionKey, CancellationToken cancellationToken);

    /// <summary>All entries of one transcript in <c>seq</c> order.</summary>
    Task<IReadOnlyList<TranscriptEntry>> ReadTranscriptAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Commits <paramref name="write"/> atomically; completes once it is durable.</summary>
    Task WriteAsync(SessionWrite write, CancellationToken cancellationToken);

    /// <summary>The session whose current transcript is <paramref name="sessionId"/>, if any (<c>--session-id</c>, WS <c>agent</c>).</summary>
    Task<SessionEntry?> FindBySessionIdAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>The sessions <paramref name="query"/> selects, most recently updated first, one page of them.</summary>
    Task<SessionPage> ListSessionsAsync(SessionQuery query, CancellationToken cancellationToken);

    /// <summary>The header of one transcript (archived or not); null when the store has no such transcript.</summary>
    Task<TranscriptHeader?> GetTranscriptAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="file"/> as a new transcript and points the session <paramref name="sessionKey"/> at it,
    /// in one transaction (agent-runtime.md §7.3): the file's id becomes the <c>sessionId</c> unless the store already
    /// knows it (then a new UUID), and an existing session keeps its key, label and overrides while its previous
    /// transcript is archived (reason <c>reset</c>).
    /// </summary>
    Task<TranscriptImportResult> ImportTranscriptAsync(string sessionKey, string agentId, TranscriptFile file, long now, CancellationToken cancellationToken);

    /// <summary>The recorded session of a Responses answer (<see cref="SessionWrite.ResponseSession"/>), or null.</summary>
    Task<ResponseSession?> FindResponseSessionAsync(string responseId, CancellationToken cancellationToken);
}
