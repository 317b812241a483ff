using OpenClaw.Core.Telemetry;

namespace OpenClaw.Gateway.OpenAi;

/// <summary>
/// What the streams of <c>/v1/chat/completions</c> share across requests: their log, how many runs are waiting right
/// now for a client that reads slower than the model writes, and the most bytes any one stream has held for such a
/// client (the bound is <c>OpenClaw:Http:MaxStreamBufferBytes</c>; tests read both to see the backpressure work).
/// </summary>
internal sealed partial class ChatStreamMonitor(ILogger<ChatStreamMonitor> logger)
{
    private long _peakBufferedBytes;
    private int _waitingRuns;

    public long PeakBufferedBytes => Interlocked.Read(ref _peakBufferedBytes);

    /// <summary>Runs whose model stream is paused until their client takes what is buffered.</summary>
    public int WaitingRuns => Volatile.Read(ref _waitingRuns);

    /// <summary>Counts a run as waiting until <paramref name="room"/> completes (or fails).</summary>
    public async ValueTask WaitingAsync(ValueTask room)
    {
        Interlocked.Increment(ref _waitingRuns);
        try
        {
            await room.ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _waitingRuns);
        }
    }

    /// <summary>Records the peak of one finished (or abandoned) stream.</summary>
    public void Observe(long peakBufferedBytes) => PeakValue.Raise(ref _peakBufferedBytes, peakBufferedBytes);

    public void ClientStalled(string runId, long bufferedBytes) => Log.ClientStalled(logger, runId, bufferedBytes);

    private static partial class Log
    {
        [LoggerMessage(EventId = 4201, EventName = "StreamClientStalled", Level = LogLevel.Warning,
            Message = "run {RunId}: the client stopped reading its stream for longer than the run's timeout; the connection is closed ({BufferedBytes} bytes undelivered)")]
        public static partial void ClientStalled(ILogger logger, string runId, long bufferedBytes);
    }
}
