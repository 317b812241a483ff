using System.Text;
using Anthropic.Exceptions;
using OpenClaw.Core.Providers.OpenAi;
using OpenClaw.Core.Runs;

namespace OpenClaw.Core.Providers.Anthropic;

/// <summary>Classifies whatever a Messages call threw (agent-runtime.md §5.6) as a <see cref="ProviderException"/>.</summary>
internal static class AnthropicFailures
{
    public const string Unreachable = "upstream provider unreachable or too slow";
    public const string Interrupted = "upstream stream stalled or was interrupted";
    public const string NoFinish = "upstream stream ended without a finish";
    public const string Malformed = "upstream sent a malformed stream chunk";

    /// <summary>
    /// The exception to throw for <paramref name="ex"/>: the caller's own cancellation stays an
    /// <see cref="OperationCanceledException"/>, everything else becomes a <see cref="ProviderException"/>.
    /// <paramref name="streaming"/> says whether a first event had arrived (which deadline was running).
    /// </summary>
    public static Exception Classify(Exception ex, bool streaming, CancellationToken cancellationToken) => ex switch
    {
        _ when cancellationToken.IsCancellationRequested => ex as OperationCanceledException ?? new OperationCanceledException(null, ex, cancellationToken),
        ProviderException provider => provider,
        AnthropicSseException streamError => StreamError(streamError),
        AnthropicInvalidDataException => new ProviderException(ProviderFailureReason.Timeout, Malformed, innerException: ex),

        // Not reached while the wire handler classifies statuses first; kept so no status escapes unclassified.
        AnthropicApiException api => Status((int)api.StatusCode, Encoding.UTF8.GetBytes(api.ResponseBody ?? ""), ex),
        AnthropicIOException or HttpRequestException or IOException or OperationCanceledException =>
            new ProviderException(ProviderFailureReason.Timeout, streaming ? Interrupted : Unreachable, innerException: ex),
        _ => new ProviderException(RunErrorReasons.Internal, "internal error", innerException: ex),
    };

    /// <summary>An <c>error</c> event mid-stream: the HTTP status was 200, so the error type decides.</summary>
    private static ProviderException StreamError(AnthropicSseException ex)
    {
        var (reason, status) = ex.Type?.Raw() switch
        {
            "overloaded_error" => (ProviderFailureReason.Overloaded, 529),
            "rate_limit_error" => (ProviderFailureReason.RateLimit, 429),
            _ => (ProviderFailureReason.ServerError, 500),
        };
        var body = ex.Body.ValueKind == System.Text.Json.JsonValueKind.Undefined ? [] : Encoding.UTF8.GetBytes(ex.Body.GetRawText());
        var (message, code) = OpenAiErrorBody.Describe(status, body);
        return new ProviderException(reason, message, status, code, innerException: ex);
    }

    private static ProviderException Status(int status, byte[] body, Exception ex)
    {
        var (message, code) = OpenAiErrorBody.Describe(status, body);
        return new ProviderException(ProviderFailureReason.FromStatus(status), message, status, code, innerException: ex);
    }
}
