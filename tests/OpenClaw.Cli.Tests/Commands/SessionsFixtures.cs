namespace OpenClaw.Cli.Tests.Commands;

/// <summary>The agent-runtime.md §7.3 example file, verbatim, and a variant with a branch.</summary>
internal static class SessionsFixtures
{
    /// <summary>The agent-runtime.md §7.3 example file, verbatim.</summary>
    public const string SpecExample = OpenClaw.Testing.TranscriptSamples.SpecExample;

    /// <summary>Two children of <c>c3d4e5f6</c>; the last entry is on the second, and one entry has an unknown type.</summary>
    public const string Branched = SpecExample + """
        {"type":"message","id":"e5f6a7b8","parentId":"c3d4e5f6","timestamp":"2026-11-22T03:37:00.000Z","message":{"role":"user","content":"branch A","timestamp":1795318620000}}
        {"type":"x-future-type","id":"1e1e1e1e","parentId":"c3d4e5f6","timestamp":"2026-11-22T03:38:00.500Z","anything":{"kept":true}}
        {"type":"message","id":"0a1b2c3d","parentId":"1e1e1e1e","timestamp":"2026-11-22T03:38:01.000Z","message":{"role":"user","content":"branch B","timestamp":1795318681000}}

        """;
}
