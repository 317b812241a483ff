using System.Text;
using Anthropic.Exceptions;
using OpenClaw.Core.Providers.OpenAi;
using OpenClaw.Core.Runs;

namespace OpenClaw.Core.Providers.Anthropic;

/// <summary>Classifies whatever a Messages call threw (agent-runtime.md §5.6) as a <see cref="ProviderException"/>.</summary>
internal static class AnthropicFailures
{
    public const string Unreachable = "upstream provider unreachable";
    public const string Interrupted = "upstream stream was interrupted";

    /// <summary>
    /// The exception to throw for <paramref name="ex"/>: the caller's own cancellation stays an
    /// <see cref="OperationCanceledException"/>, everything else becomes a <see cref="ProviderException"/>.
    /// <paramref name="streaming"/> says whether a first event had arrived (which deadline was running);
    /// <paramref name="deadline"/> tells a fired deadline (a stall) from a broken connection.
    /// </summary>
    public static Exception Classify(Exception ex, bool streaming, CancellationTokenSource deadline, ProviderTimeouts timeouts, CancellationToken cancellationToken) => ex switch
    {
        _ when cancellationToken.IsCancellationRequested => ex as OperationCanceledException ?? new OperationCanceledException(null, ex, cancellationToken),
        ProviderException provider => provider,
        AnthropicSseException streamError => StreamError(streamError),
        AnthropicInvalidDataException => ProviderException.Malformed(ProviderMalformed.NotJson, ex),
        _ when deadline.IsCancellationRequested && ex is AnthropicIOException or HttpRequestException or IOException or OperationCanceledException =>
            streaming ? ProviderException.SilentFor(timeouts.BetweenChunks, ex) : ProviderException.NoResponseWithin(timeouts.FirstByte, ex),

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
        var error = OpenAiErrorBody.Describe(status, body);
        return new ProviderException(reason, error.Message, status, error.Code, innerException: ex) { UnstructuredBody = error.UnstructuredBody };
    }

    private static ProviderException Status(int status, byte[] body, Exception ex)
    {
        var error = OpenAiErrorBody.Describe(status, body);
        return new ProviderException(ProviderFailureReason.FromStatus(status), error.Message, status, error.Code, innerException: ex)
        {
            UnstructuredBody = error.UnstructuredBody,
        };
    }
}
