namespace OpenClaw.Testing;

/// <summary>Session files in the OpenClaw JSONL v3 format shared by the tests.</summary>
public static class TranscriptSamples
{
    /// <summary>The agent-runtime.md §7.3 example file, verbatim.</summary>
    public const string SpecExample = """
        {"type":"session","version":3,"id":"4798aad8-a3dd-4f18-b0a3-b7be61b67f8a","timestamp":"2026-11-22T03:36:09.988Z","cwd":"/home/u/.openclaw/workspace"}
        {"type":"message","id":"a1b2c3d4","parentId":null,"timestamp":"2026-11-22T03:36:09.988Z","message":{"role":"user","content":"[Sun 2026-11-22 03:36 UTC] ws hello","timestamp":1795318569988}}
        {"type":"message","id":"b2c3d4e5","parentId":"a1b2c3d4","timestamp":"2026-11-22T03:36:14.444Z","message":{"role":"assistant","content":[{"type":"text","text":"Let me look."},{"type":"toolCall","id":"call_1","name":"read","arguments":{"path":"README.md"}}],"api":"openai-completions","provider":"mock","model":"mock-model","usage":{"input":12068,"output":4,"cacheRead":0,"cacheWrite":0,"totalTokens":12072,"cost":{"input":0,"output":0,"cacheRead":0,"cacheWrite":0,"total":0}},"stopReason":"toolUse","timestamp":1795318574444}}
        {"type":"message","id":"c3d4e5f6","parentId":"b2c3d4e5","timestamp":"2026-11-22T03:36:14.501Z","message":{"role":"toolResult","toolCallId":"call_1","toolName":"read","content":[{"type":"text","text":"# Readme"}],"isError":false,"timestamp":1795318574501}}

        """;
}
