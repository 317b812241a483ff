namespace OpenClaw.Core.Sessions;

/// <summary>
/// A write whose <see cref="SessionWrite.ExpectedLastSeq"/> did not match the transcript: another writer appended to
/// it since the turn read it (two processes on one store, or a lease that was lost). Nothing of the write was stored.
/// </summary>
public sealed class TranscriptConflictException(string sessionId, long expectedLastSeq, long actualLastSeq)
    : Exception($"transcript {sessionId} ends at entry {actualLastSeq}, not {expectedLastSeq}: another writer appended to it")
{
    public string SessionId { get; } = sessionId;

    public long ExpectedLastSeq { get; } = expectedLastSeq;

    public long ActualLastSeq { get; } = actualLastSeq;
}
