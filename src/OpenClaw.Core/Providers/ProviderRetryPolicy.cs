namespace OpenClaw.Core.Providers;

/// <summary>
/// The bounded retry policy of agent-runtime.md §5.6: up to <see cref="MaxAttempts"/> calls of one model for a
/// retryable failure, waiting 1 s then 2 s (doubling from <see cref="BaseDelay"/>) or the provider's
/// <c>Retry-After</c> when it is at most <see cref="MaxRetryAfter"/>; then the next fallback model. A stall (the
/// upstream went silent past a deadline) is not retried on the same model, and no retry or fallback starts once the
/// run's failed calls have taken <see cref="FailureBudget"/> in all.
/// </summary>
public sealed record ProviderRetryPolicy
{
    public int MaxAttempts { get; init; } = 3;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A longer <c>Retry-After</c> is not waited for: the model is given up at once.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The most time a run spends on failed model calls (and the pauses between them) before it gives up.</summary>
    public TimeSpan FailureBudget { get; init; } = TimeSpan.FromSeconds(150);

    /// <summary>True for the reasons worth calling the same model again.</summary>
    public static bool IsRetryable(string reason) => reason is
        ProviderFailureReason.Timeout or ProviderFailureReason.RateLimit or ProviderFailureReason.ServerError
        or ProviderFailureReason.Overloaded or ProviderFailureReason.MalformedResponse;

    /// <summary>True for the reasons that end the run at once, without trying a fallback model.</summary>
    public static bool IsFinal(string reason) => !IsRetryable(reason) && reason is not (
        ProviderFailureReason.Auth or ProviderFailureReason.AuthPermanent or ProviderFailureReason.Billing
        or ProviderFailureReason.ModelNotFound or ProviderFailureReason.CircuitOpen);

    /// <summary>
    /// The wait before attempt <paramref name="nextAttempt"/> (2-based) after <paramref name="failure"/>, or null
    /// when the same model must not be called again.
    /// </summary>
    public TimeSpan? DelayBefore(int nextAttempt, ProviderException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (nextAttempt > MaxAttempts || !IsRetryable(failure.Reason) || failure.Stalled)
        {
            return null;
        }

        if (failure.RetryAfter is { } retryAfter)
        {
            return retryAfter <= MaxRetryAfter ? retryAfter : null;
        }

        return Backoff(nextAttempt);
    }

    /// <summary>
    /// What a client is told to wait (<c>Retry-After</c>) after a retryable failure the provider gave no wait for:
    /// the pause the policy would have made before one more attempt.
    /// </summary>
    public TimeSpan SuggestedRetryAfter => Backoff(MaxAttempts + 1);

    private TimeSpan Backoff(int nextAttempt) => BaseDelay * Math.Pow(2, nextAttempt - 2);
}
