namespace OpenClaw.Bench;

/// <summary>The slow-reader scenario: answer size, when and how long the client stops reading, its socket.</summary>
/// <param name="Chunks">Content deltas of the answer.</param>
/// <param name="ChunkChars">Characters of each delta.</param>
/// <param name="StallAfterBytes">The client stops reading once it has read this many bytes.</param>
/// <param name="Stall">How long it does not read.</param>
/// <param name="ReceiveBufferBytes">The client's fixed socket receive buffer; <see cref="int.MaxValue"/> = the OS's autotuning.</param>
/// <param name="Timeout">The whole request, stall included, must end within this.</param>
internal sealed record SlowReaderOptions(int Chunks, int ChunkChars, int StallAfterBytes, TimeSpan Stall, int ReceiveBufferBytes, TimeSpan Timeout);
