namespace OpenClaw.Core.Coordination;

/// <summary>One turn per session at a time (agent-runtime.md §6.6): waiters are admitted in arrival order.</summary>
public interface ISessionLeases
{
    /// <summary>Waits until the session is free and takes it; dispose the lease to free it.</summary>
    ValueTask<ISessionLease> AcquireAsync(string sessionKey, CancellationToken cancellationToken);
}

/// <summary>
/// A held session. A lease shared across processes expires unless its holder renews it (an instance that died frees
/// its sessions); <see cref="Lost"/> fires when it could not be kept, and the turn must then stop before it writes.
/// </summary>
public interface ISessionLease : IAsyncDisposable
{
    string SessionKey { get; }

    /// <summary>Fires when the lease was lost; never for a lease held in this process only.</summary>
    CancellationToken Lost { get; }
}
