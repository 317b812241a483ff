using OpenClaw.Core.Runs;

namespace OpenClaw.Core.Coordination;

/// <summary>
/// Dedupe of side-effecting requests by <c>(method, idempotencyKey)</c> (gateway-protocol.md §4.3). The first request
/// claims its key and does the work; a repeat finds the entry and answers from it, joining the work while it runs. An
/// entry whose work has not completed is never expired or evicted.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>
    /// Claims the key with <paramref name="payload"/> (what a repeat answers with at once, e.g. an accepted response,
    /// as JSON), or returns the entry an earlier request made.
    /// </summary>
    ValueTask<IdempotencyClaim> ClaimAsync(string method, string key, string? payload, CancellationToken cancellationToken);

    /// <summary>Marks the work done, with the run's result when it was a run; repeats waiting for it are released.</summary>
    ValueTask CompleteAsync(string method, string key, AgentRunResult? result, CancellationToken cancellationToken);

    /// <summary>The entry's result once its work is done (null when the work was not a run).</summary>
    ValueTask<AgentRunResult?> WaitForCompletionAsync(string method, string key, CancellationToken cancellationToken);

    /// <summary>Forgets the key, so that a retry starts afresh (the work refused itself, e.g. the gateway was busy).</summary>
    ValueTask ForgetAsync(string method, string key, CancellationToken cancellationToken);

    /// <summary>True when a live entry exists for the key (a repeat, not a new request).</summary>
    ValueTask<bool> ContainsAsync(string method, string key, CancellationToken cancellationToken);
}

/// <summary>
/// The answer to a claim: <see cref="IsNew"/> for the first request; for a repeat, the first one's
/// <see cref="Payload"/> and whether its work <see cref="Completed"/>.
/// </summary>
public sealed record IdempotencyClaim(bool IsNew, string? Payload, bool Completed);
