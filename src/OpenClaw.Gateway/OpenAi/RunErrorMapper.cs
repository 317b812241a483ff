using OpenClaw.Core.Providers;
using OpenClaw.Core.Runs;

namespace OpenClaw.Gateway.OpenAi;

/// <summary>Maps a failed run to the OpenAI status and envelope (http-api.md §4.14). Never leaks internals.</summary>
internal static class RunErrorMapper
{
    public static OpenAiFailure Map(RunError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Reason switch
        {
            ProviderFailureReason.Format or ProviderFailureReason.ModelNotFound or ProviderFailureReason.SessionExpired =>
                new(error.Status ?? 400, new OpenAiError(error.Message, OpenAiErrorTypes.InvalidRequest, error.Code)),
            ProviderFailureReason.Auth or RunErrorReasons.Auth =>
                new(error.Status ?? 401, new OpenAiError(error.Message, OpenAiErrorTypes.Authentication)),
            ProviderFailureReason.AuthPermanent => new(error.Status ?? 403, new OpenAiError(error.Message, OpenAiErrorTypes.Permission)),
            ProviderFailureReason.Billing => new(error.Status ?? 402, new OpenAiError(error.Message, OpenAiErrorTypes.InsufficientQuota)),
            ProviderFailureReason.RateLimit => new(429, new OpenAiError(error.Message, OpenAiErrorTypes.RateLimit), error.RetryAfter),
            ProviderFailureReason.ServerError => new(502, new OpenAiError("upstream provider error", OpenAiErrorTypes.Api)),
            ProviderFailureReason.Timeout => new(408, new OpenAiError("upstream provider timeout", OpenAiErrorTypes.Api)),
            ProviderFailureReason.Overloaded => new(error.Status ?? 503, new OpenAiError("upstream provider overloaded", OpenAiErrorTypes.Api)),
            _ => OpenAiFailure.Internal,
        };
    }
}
