namespace OpenClaw.Core.Sessions;

/// <summary>
/// The session store cannot be reached right now (its database is restarting, or the connection failed): the
/// operation did not take place and may be retried shortly. A run that meets it ends with
/// <see cref="Runs.RunErrorReasons.StoreUnavailable"/> (HTTP 503 with <c>Retry-After</c>).
/// </summary>
public sealed class SessionStoreUnavailableException(Exception inner)
    : Exception("the session store is unavailable", inner)
{
    /// <summary>How long a client should wait before it retries.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);
}
