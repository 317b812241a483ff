namespace OpenClaw.Core.Providers;

/// <summary>Why a model call failed (agent-runtime.md §5.6); drives retries and the HTTP error mapping.</summary>
public static class ProviderFailureReason
{
    public const string Format = "format";
    public const string Auth = "auth";
    public const string AuthPermanent = "auth_permanent";
    public const string Billing = "billing";
    public const string ModelNotFound = "model_not_found";
    public const string SessionExpired = "session_expired";
    public const string RateLimit = "rate_limit";
    public const string ServerError = "server_error";
    public const string Overloaded = "overloaded";
    public const string Timeout = "timeout";

    /// <summary>Classifies an upstream HTTP status.</summary>
    public static string FromStatus(int status) => status switch
    {
        400 or 413 or 422 => Format,
        401 => Auth,
        403 => AuthPermanent,
        402 => Billing,
        404 => ModelNotFound,
        408 => Timeout,
        429 => RateLimit,

        // Observed: the original answers an upstream 503 like any 5xx (502 upstream provider error); only 529 is "overloaded".
        529 => Overloaded,
        >= 500 => ServerError,
        _ => Format,
    };
}

/// <summary>A failed model call, classified. <see cref="Exception.Message"/> is safe to show to the caller.</summary>
public sealed class ProviderException : Exception
{
    public ProviderException(string reason, string message, int? status = null, string? code = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
        Status = status;
        Code = code;
        RetryAfter = retryAfter;
    }

    public string Reason { get; }

    /// <summary>The upstream HTTP status, when there was one.</summary>
    public int? Status { get; }

    /// <summary>The provider's error <c>code</c>, passed through to clients.</summary>
    public string? Code { get; }

    public TimeSpan? RetryAfter { get; }
}
