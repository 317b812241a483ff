namespace OpenClaw.Core.Tests.Sessions;

/// <summary>Transcript files for import tests: the agent-runtime.md §7.3 example and a variant with a branch.</summary>
internal static class TranscriptFixtures
{
    /// <summary>The agent-runtime.md §7.3 example file, verbatim.</summary>
    public const string SpecExample = OpenClaw.Testing.TranscriptSamples.SpecExample;

    /// <summary>
    /// The example continued, then forked: <c>d4e5f6a7</c> has two children. Branch A (<c>e5f6a7b8</c>,
    /// <c>f6a7b8c9</c>) was written first; branch B (<c>0a1b2c3d</c>, <c>1b2c3d4e</c>) holds the last entry, so it
    /// is the context. Entries of other types (one unknown) sit on the chain without reaching the model.
    /// </summary>
    public const string Branched = SpecExample + """
        {"type":"message","id":"d4e5f6a7","parentId":"c3d4e5f6","timestamp":"2026-11-22T03:36:15.000Z","message":{"role":"assistant","content":[{"type":"text","text":"The readme is short."}],"api":"openai-completions","provider":"mock","model":"mock-model","usage":{"input":1,"output":1,"cacheRead":0,"cacheWrite":0,"totalTokens":2,"cost":{"input":0,"output":0,"cacheRead":0,"cacheWrite":0,"total":0}},"stopReason":"stop","timestamp":1795318575000}}
        {"type":"message","id":"e5f6a7b8","parentId":"d4e5f6a7","timestamp":"2026-11-22T03:37:00.000Z","message":{"role":"user","content":"branch A question","timestamp":1795318620000}}
        {"type":"message","id":"f6a7b8c9","parentId":"e5f6a7b8","timestamp":"2026-11-22T03:37:01.000Z","message":{"role":"assistant","content":[{"type":"text","text":"branch A answer"}],"stopReason":"stop","timestamp":1795318621000}}
        {"type":"model_change","id":"0f0f0f0f","parentId":"d4e5f6a7","timestamp":"2026-11-22T03:38:00.000Z","provider":"mock","modelId":"mock-model"}
        {"type":"x-future-type","id":"1e1e1e1e","parentId":"0f0f0f0f","timestamp":"2026-11-22T03:38:00.500Z","anything":{"kept":true}}
        {"type":"message","id":"0a1b2c3d","parentId":"1e1e1e1e","timestamp":"2026-11-22T03:38:01.000Z","message":{"role":"user","content":"branch B question","timestamp":1795318681000}}
        {"type":"message","id":"1b2c3d4e","parentId":"0a1b2c3d","timestamp":"2026-11-22T03:38:02.000Z","message":{"role":"assistant","content":[{"type":"text","text":"branch B answer"}],"stopReason":"stop","timestamp":1795318682000}}

        """;
}
