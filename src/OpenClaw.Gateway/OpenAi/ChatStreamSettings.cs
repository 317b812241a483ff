namespace OpenClaw.Gateway.OpenAi;

/// <summary>How a streamed completion is served.</summary>
/// <param name="KeepAlive">Interval of <c>: keepalive</c> comments on an idle stream (zero: none).</param>
/// <param name="MaxBufferedBytes">The byte bound of the deltas waiting for a slow client.</param>
/// <param name="Monitor">The streams' shared log and counters.</param>
/// <param name="StallLimit">
/// The longest a single write may wait for a client that does not read (the run's timeout): past it the connection is
/// closed, also when the run itself has finished and only its last frames are waiting.
/// </param>
/// <param name="Time">The clock of <paramref name="StallLimit"/>.</param>
internal sealed record ChatStreamSettings(TimeSpan KeepAlive, int MaxBufferedBytes, ChatStreamMonitor Monitor, TimeSpan StallLimit, TimeProvider Time)
{
    /// <summary>The caller opted in to the agent's own activity (<see cref="AgentActivity"/>).</summary>
    public bool AgentActivity { get; init; }
}
