using OpenClaw.Core.Sessions;

namespace OpenClaw.Core.Tests.Support;

/// <summary>A store that hands every call to <see cref="Inner"/>; a test overrides what it wants to change.</summary>
internal abstract class DelegatingSessionStore(ISessionStore inner) : ISessionStore
{
    protected ISessionStore Inner => inner;

    public string Location => inner.Location;

    public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    public Task<SessionEntry?> GetSessionAsync(string sessionKey, CancellationToken cancellationToken) => inner.GetSessionAsync(sessionKey, cancellationToken);

    public Task<IReadOnlyList<TranscriptEntry>> ReadTranscriptAsync(string sessionId, CancellationToken cancellationToken) =>
        inner.ReadTranscriptAsync(sessionId, cancellationToken);

    public virtual Task WriteAsync(SessionWrite write, CancellationToken cancellationToken) => inner.WriteAsync(write, cancellationToken);

    public Task<SessionEntry?> FindBySessionIdAsync(string sessionId, CancellationToken cancellationToken) => inner.FindBySessionIdAsync(sessionId, cancellationToken);

    public Task<SessionPage> ListSessionsAsync(SessionQuery query, CancellationToken cancellationToken) => inner.ListSessionsAsync(query, cancellationToken);

    public Task<TranscriptHeader?> GetTranscriptAsync(string sessionId, CancellationToken cancellationToken) => inner.GetTranscriptAsync(sessionId, cancellationToken);

    public Task<TranscriptImportResult> ImportTranscriptAsync(string sessionKey, string agentId, TranscriptFile file, long now, CancellationToken cancellationToken) =>
        inner.ImportTranscriptAsync(sessionKey, agentId, file, now, cancellationToken);

    public Task<ResponseSession?> FindResponseSessionAsync(string responseId, CancellationToken cancellationToken) =>
        inner.FindResponseSessionAsync(responseId, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
