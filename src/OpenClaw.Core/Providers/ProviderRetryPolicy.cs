namespace OpenClaw.Core.Providers;

/// <summary>
/// The bounded retry policy of agent-runtime.md §5.6: up to <see cref="MaxAttempts"/> calls of one model for a
/// retryable failure, waiting 1 s then 2 s (doubling from <see cref="BaseDelay"/>) or the provider's
/// <c>Retry-After</c> when it is at most <see cref="MaxRetryAfter"/>; then the next fallback model.
/// </summary>
public sealed record ProviderRetryPolicy
{
    public int MaxAttempts { get; init; } = 3;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A longer <c>Retry-After</c> is not waited for: the model is given up at once.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>True for the reasons worth calling the same model again.</summary>
    public static bool IsRetryable(string reason) => reason is
        ProviderFailureReason.Timeout or ProviderFailureReason.RateLimit or ProviderFailureReason.ServerError or ProviderFailureReason.Overloaded;

    /// <summary>True for the reasons that end the run at once, without trying a fallback model.</summary>
    public static bool IsFinal(string reason) => !IsRetryable(reason) && reason is not (
        ProviderFailureReason.Auth or ProviderFailureReason.AuthPermanent or ProviderFailureReason.Billing or ProviderFailureReason.ModelNotFound);

    /// <summary>
    /// The wait before attempt <paramref name="nextAttempt"/> (2-based) after <paramref name="failure"/>, or null
    /// when the same model must not be called again.
    /// </summary>
    public TimeSpan? DelayBefore(int nextAttempt, ProviderException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (nextAttempt > MaxAttempts || !IsRetryable(failure.Reason))
        {
            return null;
        }

        if (failure.RetryAfter is { } retryAfter)
        {
            return retryAfter <= MaxRetryAfter ? retryAfter : null;
        }

        return BaseDelay * Math.Pow(2, nextAttempt - 2);
    }
}
