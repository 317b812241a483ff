using OpenClaw.Core.Sessions;
using OpenClaw.Gateway.Auth;

namespace OpenClaw.Gateway.Sessions;

/// <summary>
/// What the live history streams (http-api.md §8a.3) share: the store and feed they follow, the auth settings they
/// re-check, the clock of their keep-alives and stall limit, the host's shutdown, their log, and how many of them are
/// waiting right now for a client to take what they wrote (tests watch it to see a client stall).
/// </summary>
internal sealed partial class SessionHistoryStreams(
    ISessionStore store, TranscriptFeed feed, GatewayAuthState auth, TimeProvider time, IHostApplicationLifetime lifetime,
    ILogger<SessionHistoryStreams> logger)
{
    private int _waitingWrites;

    public ISessionStore Store => store;

    public TranscriptFeed Feed => feed;

    public GatewayAuthState Auth => auth;

    public TimeProvider Time => time;

    /// <summary>Cancelled when the host begins to stop: every stream then ends.</summary>
    public CancellationToken Stopping => lifetime.ApplicationStopping;

    /// <summary>Streams whose last write the client has not taken yet.</summary>
    public int WaitingWrites => Volatile.Read(ref _waitingWrites);

    /// <summary>Waits for <paramref name="write"/> at most <paramref name="limit"/> (a <see cref="TimeoutException"/> past it).</summary>
    public async Task WaitForClientAsync(Task write, TimeSpan limit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waitingWrites);
        try
        {
            await write.WaitAsync(limit, time, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waitingWrites);
        }
    }

    public void ClientStalled(string sessionKey) => Log.ClientStalled(logger, sessionKey);

    public void Failed(Exception exception, string sessionKey) => Log.Failed(logger, exception, sessionKey);

    private static partial class Log
    {
        [LoggerMessage(EventId = 4401, EventName = "HistoryStreamClientStalled", Level = LogLevel.Warning,
            Message = "session {SessionKey}: the history stream's client stopped reading; the connection is closed")]
        public static partial void ClientStalled(ILogger logger, string sessionKey);

        [LoggerMessage(EventId = 4402, EventName = "HistoryStreamFailed", Level = LogLevel.Warning,
            Message = "session {SessionKey}: the history stream failed and is closed")]
        public static partial void Failed(ILogger logger, Exception exception, string sessionKey);
    }
}
