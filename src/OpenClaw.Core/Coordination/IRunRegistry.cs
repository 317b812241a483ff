namespace OpenClaw.Core.Coordination;

/// <summary>
/// The runs in flight (executing or waiting for their session) and their abort, by run id or by session, wherever the
/// abort comes from (<c>chat.abort</c>, <c>/stop</c>, session kill, reset and delete, a client that went away).
/// </summary>
public interface IRunRegistry
{
    /// <summary>
    /// Registers a run; aborting it cancels <see cref="RunRegistration.Abort"/>. Dispose the result when the run has
    /// ended. Throws <see cref="RunAlreadyActiveException"/> when a run with that id is in flight.
    /// </summary>
    ValueTask<IAsyncDisposable> RegisterAsync(RunRegistration run, CancellationToken cancellationToken);

    /// <summary>Aborts the run; false when it is not in flight.</summary>
    ValueTask<bool> AbortAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Aborts every run of the session (canonical key); returns the ids of the runs aborted.</summary>
    ValueTask<IReadOnlyList<string>> AbortSessionAsync(string sessionKey, CancellationToken cancellationToken);

    /// <summary>Ids of the session's runs in flight (canonical key), oldest first.</summary>
    ValueTask<IReadOnlyList<string>> ActiveRunIdsAsync(string sessionKey, CancellationToken cancellationToken);

    ValueTask<bool> IsActiveAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Completes when the session has no run in flight, or when <paramref name="cancellationToken"/> fires.</summary>
    Task WaitForSessionIdleAsync(string sessionKey, CancellationToken cancellationToken);
}

/// <summary>A run to register: its id, canonical session key, and the source that cancels it.</summary>
public sealed record RunRegistration(string RunId, string SessionKey, CancellationTokenSource Abort);

/// <summary>A run id that is already in flight.</summary>
public sealed class RunAlreadyActiveException(string runId) : InvalidOperationException($"A run with id '{runId}' is already active.")
{
    public string RunId { get; } = runId;
}
