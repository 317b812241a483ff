using OpenClaw.Core.Sessions;

namespace OpenClaw.Testing.Sessions;

/// <summary>Rows, headers and entries the session store tests write (<c>using static</c>).</summary>
public static class StoreSamples
{
    /// <summary>A minimal row of agent <c>main</c> on transcript <c>s-1</c>.</summary>
    public static SessionEntry Session(string key) => new()
    {
        SessionKey = key,
        AgentId = "main",
        SessionId = "s-1",
        CreatedAt = 1_000,
        UpdatedAt = 1_000,
    };

    public static TranscriptHeader Header(string sessionId) => new(sessionId, "main", "agent:main:main", 1_000, "/ws");

    /// <summary>Entry <paramref name="seq"/>, its parent the entry before it.</summary>
    public static TranscriptEntry Entry(string sessionId, long seq) => new(
        sessionId, seq, $"e{seq:0000000}", seq == 1 ? null : $"e{seq - 1:0000000}", "message", "2026-11-22T03:36:09.988Z", $$"""{"seq":{{seq}}}""");
}
