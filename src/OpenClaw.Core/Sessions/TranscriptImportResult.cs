namespace OpenClaw.Core.Sessions;

/// <summary>What <see cref="ISessionStore.ImportTranscriptAsync"/> did.</summary>
/// <param name="SessionId">The new transcript's id: the file's, or a fresh UUID when the store already had that id.</param>
/// <param name="Session">The session entry as written, pointing at <paramref name="SessionId"/>.</param>
/// <param name="CreatedSession">False when an existing session was pointed at the imported transcript.</param>
public sealed record TranscriptImportResult(string SessionId, SessionEntry Session, bool CreatedSession);
