using System.Net;

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

    /// <summary>
    /// The upstream answered 2xx but its stream was not readable: a truncated or non-JSON event, invalid UTF-8, an
    /// event over the size cap, or an end without a finish. Retryable like a server error; an HTTP 502 that says what
    /// was wrong.
    /// </summary>
    public const string MalformedResponse = "malformed_response";

    /// <summary>
    /// The provider's circuit is open after consecutive failures: the call was not made. Not retried on the same
    /// model; the next fallback is tried, else an HTTP 503 with <c>Retry-After</c>.
    /// </summary>
    public const string CircuitOpen = "circuit_open";

    /// <summary>True for the failures that say the provider itself is unwell (its circuit breaker counts them).</summary>
    public static bool CountsAgainstProvider(string reason) => reason is Timeout or ServerError or Overloaded or MalformedResponse;

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

    /// <summary>A stall before the response headers: no answer within the first-byte deadline.</summary>
    public static ProviderException NoResponseWithin(TimeSpan deadline, Exception? innerException = null) =>
        Stall($"upstream provider sent no response within {deadline.TotalSeconds:0.###}s", innerException);

    /// <summary>A stall mid-stream: nothing within the between-chunks deadline.</summary>
    public static ProviderException SilentFor(TimeSpan deadline, Exception? innerException = null) =>
        Stall($"upstream provider sent nothing for {deadline.TotalSeconds:0.###}s", innerException);

    /// <summary>A <see cref="ProviderFailureReason.Timeout"/> because one of our deadlines fired: the upstream sent nothing for that long.</summary>
    private static ProviderException Stall(string message, Exception? innerException) =>
        new(ProviderFailureReason.Timeout, message, innerException: innerException) { Stalled = true };

    /// <summary>A <see cref="ProviderFailureReason.MalformedResponse"/> with the detail shown to the caller.</summary>
    public static ProviderException Malformed(string detail, Exception? innerException = null) =>
        new(ProviderFailureReason.MalformedResponse, "upstream provider sent a malformed response: " + detail, innerException: innerException);

    /// <summary>An error the upstream streamed after its 200: the model failed mid-answer (a server error).</summary>
    public static ProviderException InStream(string message, string? code) =>
        new(ProviderFailureReason.ServerError, $"{(int)HttpStatusCode.OK} {message}", code: code);

    public string Reason { get; }

    /// <summary>The upstream HTTP status, when there was one.</summary>
    public int? Status { get; }

    /// <summary>The provider's error <c>code</c>, passed through to clients.</summary>
    public string? Code { get; }

    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// The start of an error body that held no structured message (an HTML page, plain text): never shown to
    /// clients, only logged, since it may come from whatever internal service answers at a wrong <c>baseUrl</c>.
    /// </summary>
    public string? UnstructuredBody { get; init; }

    /// <summary>
    /// True when the upstream went silent past a deadline (no headers, or no chunk, in time). Such a call is not
    /// repeated on the same model: a provider that hangs once usually hangs again, and each try would cost the whole
    /// deadline. A refused or reset connection is not a stall and is retried.
    /// </summary>
    public bool Stalled { get; init; }
}
