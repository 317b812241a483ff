namespace OpenClaw.Core.Sessions;

/// <summary>
/// A session store that tells <see cref="TranscriptFeed"/> about the entries each write appended, once the write has
/// completed (is committed). Wrapping the store, rather than publishing where runs and session commands write, catches
/// every writer, present and future, and serves any implementation (SQLite today, PostgreSQL later) the same way.
/// </summary>
public sealed class PublishingSessionStore(ISessionStore inner, TranscriptFeed feed) : ISessionStore
{
    public string Location => inner.Location;

    public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    public Task<SessionEntry?> GetSessionAsync(string sessionKey, CancellationToken cancellationToken) =>
        inner.GetSessionAsync(sessionKey, cancellationToken);

    public Task<IReadOnlyList<TranscriptEntry>> ReadTranscriptAsync(string sessionId, CancellationToken cancellationToken) =>
        inner.ReadTranscriptAsync(sessionId, cancellationToken);

    public async Task WriteAsync(SessionWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        await inner.WriteAsync(write, cancellationToken).ConfigureAwait(false);

        // Before the caller resumes: a writer's next write (the end of a turn after its start) publishes after this.
        if (write.Entries.Count > 0)
        {
            feed.Publish(write.Entries);
        }
    }

    public Task<SessionEntry?> FindBySessionIdAsync(string sessionId, CancellationToken cancellationToken) =>
        inner.FindBySessionIdAsync(sessionId, cancellationToken);

    public Task<SessionPage> ListSessionsAsync(SessionQuery query, CancellationToken cancellationToken) =>
        inner.ListSessionsAsync(query, cancellationToken);

    public Task<TranscriptHeader?> GetTranscriptAsync(string sessionId, CancellationToken cancellationToken) =>
        inner.GetTranscriptAsync(sessionId, cancellationToken);

    /// <summary>Not published: an import starts a transcript under a new <c>sessionId</c>, which nobody follows yet.</summary>
    public Task<TranscriptImportResult> ImportTranscriptAsync(string sessionKey, string agentId, TranscriptFile file, long now, CancellationToken cancellationToken) =>
        inner.ImportTranscriptAsync(sessionKey, agentId, file, now, cancellationToken);

    public Task<ResponseSession?> FindResponseSessionAsync(string responseId, CancellationToken cancellationToken) =>
        inner.FindResponseSessionAsync(responseId, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
