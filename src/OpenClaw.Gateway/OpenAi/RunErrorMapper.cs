using OpenClaw.Core.Providers;
using OpenClaw.Core.Runs;

namespace OpenClaw.Gateway.OpenAi;

/// <summary>
/// Maps a failed run to the OpenAI status and envelope (http-api.md §4.14). Never leaks internals. Every 429 and 503
/// carries <c>Retry-After</c>: the provider's, else what the gateway knows (an open circuit's break, the retry
/// policy's next pause), else one second.
/// </summary>
internal static class RunErrorMapper
{
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    public static OpenAiFailure Map(RunError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var retryAfter = error.RetryAfter ?? DefaultRetryAfter;
        return error.Reason switch
        {
            ProviderFailureReason.Format or ProviderFailureReason.ModelNotFound or ProviderFailureReason.SessionExpired =>
                new(error.Status ?? 400, new OpenAiError(error.Message, OpenAiErrorTypes.InvalidRequest, error.Code)),
            ProviderFailureReason.Auth or RunErrorReasons.Auth =>
                new(error.Status ?? 401, new OpenAiError(error.Message, OpenAiErrorTypes.Authentication)),
            ProviderFailureReason.AuthPermanent => new(error.Status ?? 403, new OpenAiError(error.Message, OpenAiErrorTypes.Permission)),
            ProviderFailureReason.Billing => new(error.Status ?? 402, new OpenAiError(error.Message, OpenAiErrorTypes.InsufficientQuota)),
            ProviderFailureReason.RateLimit => new(429, new OpenAiError(error.Message, OpenAiErrorTypes.RateLimit), retryAfter),
            ProviderFailureReason.ServerError => new(502, new OpenAiError("upstream provider error", OpenAiErrorTypes.Api)),
            ProviderFailureReason.MalformedResponse => new(502, new OpenAiError(error.Message, OpenAiErrorTypes.Api)),
            ProviderFailureReason.Timeout => new(408, new OpenAiError("upstream provider timeout", OpenAiErrorTypes.Api)),
            ProviderFailureReason.Overloaded => new(error.Status ?? 503, new OpenAiError("upstream provider overloaded", OpenAiErrorTypes.Api), retryAfter),
            ProviderFailureReason.CircuitOpen =>
                new(503, new OpenAiError(error.Message, OpenAiErrorTypes.ServiceUnavailable, ProviderFailureReason.CircuitOpen), retryAfter),
            RunErrorReasons.QueueTimeout or RunErrorReasons.QueueFull or RunErrorReasons.StoreUnavailable =>
                new(503, new OpenAiError(error.Message, OpenAiErrorTypes.ServiceUnavailable, error.Reason), retryAfter),
            RunErrorReasons.SessionConflict => new(409, new OpenAiError(error.Message, OpenAiErrorTypes.InvalidRequest, error.Reason)),
            _ => OpenAiFailure.Internal,
        };
    }
}
