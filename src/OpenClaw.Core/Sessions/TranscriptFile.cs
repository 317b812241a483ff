namespace OpenClaw.Core.Sessions;

/// <summary>
/// A parsed OpenClaw JSONL v3 transcript file (agent-runtime.md §7.3): the header's id, time and working directory,
/// and every entry in file order. Entries carry the header id as <see cref="TranscriptEntry.SessionId"/> and
/// <c>seq</c> 1…n; <see cref="TranscriptEntry.PayloadJson"/> is the line as it was in the file.
/// </summary>
public sealed record TranscriptFile(string SessionId, long CreatedAt, string? Cwd, IReadOnlyList<TranscriptEntry> Entries);
