namespace OpenClaw.Core.Sessions;

/// <summary>What a <see cref="TranscriptSubscription.Take"/> returned.</summary>
/// <param name="Entries">The appended entries, oldest first (empty when <paramref name="Lagged"/>).</param>
/// <param name="Lagged">Appends were dropped: re-read the transcript.</param>
public readonly record struct TranscriptAppends(IReadOnlyList<TranscriptEntry> Entries, bool Lagged);
