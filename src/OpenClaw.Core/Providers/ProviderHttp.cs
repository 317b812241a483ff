using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OpenClaw.Core.Providers;

/// <summary>
/// The HTTP part every streaming adapter shares: send under the first-byte deadline, classify a failed status with
/// the provider's error text and <c>Retry-After</c>, and turn transport failures into <c>timeout</c> (§5.6).
/// </summary>
internal static class ProviderHttp
{
    /// <summary>An error body beyond this is cut: only its message is kept, and a provider must not fill our memory.</summary>
    internal const int MaxErrorBodyBytes = 64 * 1024;

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");

    /// <summary>How request bodies are written: unescaped as the original sends them, and unchecked (the writers are ours).</summary>
    internal static readonly JsonWriterOptions RequestWriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>A body from this size on is streamed onto the connection rather than buffered first.</summary>
    internal const long StreamedBodyBytes = 1024 * 1024;

    /// <summary>
    /// A JSON POST of the body <paramref name="write"/> produces, with the provider's configured headers and, when it
    /// has one, its key as a bearer token. A body estimated at <see cref="StreamedBodyBytes"/> or more is streamed
    /// (<see cref="StreamedJsonContent"/>; <paramref name="write"/> then runs twice); a smaller one is written into
    /// pooled segments first.
    /// </summary>
    public static HttpRequestMessage JsonPost(
        Uri uri, Action<Utf8JsonWriter> write, long estimatedBytes, string? bearerKey, IReadOnlyDictionary<string, string> headers)
    {
        ArgumentNullException.ThrowIfNull(write);
        HttpContent content;
        if (estimatedBytes >= StreamedBodyBytes)
        {
            content = new StreamedJsonContent(write, RequestWriterOptions, JsonContentType);
        }
        else
        {
            var body = new Memory.SegmentedBuffer();
            using (var writer = new Utf8JsonWriter(body, RequestWriterOptions))
            {
                write(writer);
            }

            content = new SegmentedContent(body, JsonContentType);
        }

        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };

        // A large body waits for the upstream's go-ahead: one that refuses it at once (a proxy's 413, a 401) then
        // answers with that status instead of closing on a half-sent body, which would look like an outage.
        request.Headers.ExpectContinue = content is StreamedJsonContent;
        if (bearerKey is { Length: > 0 })
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerKey);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    /// <summary>
    /// The call of the adapters that speak JSON over plain HTTP (OpenAI-compatible, Ollama): <see cref="JsonPost"/> to
    /// the endpoint, sent by <see cref="SendAsync"/>. <see cref="OpenAi.OpenAiErrorBody"/> reads both their error
    /// bodies: it takes Ollama's <c>{"error":"…"}</c> as well as OpenAI's object.
    /// </summary>
    public static async Task<HttpResponseMessage> PostJsonAsync(
        HttpClient httpClient,
        IJsonChatEndpoint endpoint,
        Action<Utf8JsonWriter> write,
        long estimatedBytes,
        ProviderTimeouts timeouts,
        ProviderDeadline deadline,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        using var request = JsonPost(endpoint.ChatUri, write, estimatedBytes, endpoint.ApiKey, endpoint.Headers);
        return await SendAsync(httpClient, request, timeouts, deadline, static (status, body) => OpenAi.OpenAiErrorBody.Describe(status, body), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>What the messages of a call weigh, roughly, in request-body bytes (text, tool calls and results, images).</summary>
    public static long EstimateBodyBytes(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        long total = 0;
        foreach (var message in messages)
        {
            foreach (var content in message.Contents)
            {
                total += content switch
                {
                    Microsoft.Extensions.AI.DataContent data => data.Data.Length * 4L / 3,
                    Microsoft.Extensions.AI.FunctionCallContent call => ProviderToolCalls.RawArguments(call).Length,
                    Microsoft.Extensions.AI.FunctionResultContent result => ProviderToolCalls.ResultText(result).Length,
                    _ => Prompt.PromptTexts.EstimatedLength(content),
                };
            }
        }

        return total;
    }

    /// <summary>
    /// Sends the request and returns the successful response with its body unread. The caller's
    /// deadline is armed with the first-byte timeout; a caller cancellation is rethrown as is. The error describer
    /// turns a status and error body into the kept message and the provider's code.
    /// </summary>
    public static async Task<HttpResponseMessage> SendAsync(
        HttpClient httpClient,
        HttpRequestMessage request,
        ProviderTimeouts timeouts,
        ProviderDeadline deadline,
        Func<int, byte[], OpenAi.ProviderErrorText> describeError,
        CancellationToken cancellationToken)
    {
        deadline.CancelAfter(timeouts.FirstByte);
        HttpResponseMessage response;
        try
        {
            response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (request.Content is StreamedJsonContent { WriterFault: { } fault })
        {
            // Our own writer failed while streaming the body: a gateway bug, not the provider's doing.
            throw new ProviderException(Runs.RunErrorReasons.Internal, "internal error", innerException: new AggregateException(fault, ex));
        }
        catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
        {
            throw deadline.IsCancellationRequested
                ? ProviderException.NoResponseWithin(timeouts.FirstByte, ex)
                : new ProviderException(ProviderFailureReason.Timeout, "upstream provider unreachable", innerException: ex);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await FailureAsync(response, describeError, deadline.Time, deadline.Token, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The classified failure for an unsuccessful <paramref name="response"/>: reason by status, the provider's error
    /// text and code, and <c>Retry-After</c> (a date read against <paramref name="time"/>). The error body is read
    /// under <paramref name="readToken"/> (the first-byte deadline: a provider that stalls here fails fast, with no
    /// body); a caller cancellation is rethrown as is.
    /// </summary>
    public static async Task<ProviderException> FailureAsync(
        HttpResponseMessage response,
        Func<int, byte[], OpenAi.ProviderErrorText> describeError,
        TimeProvider time,
        CancellationToken readToken,
        CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        byte[] body;
        try
        {
            body = await ReadCappedAsync(response.Content, readToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
        {
            body = [];
        }

        var error = describeError(status, body);
        return new ProviderException(ProviderFailureReason.FromStatus(status), error.Message, status, error.Code, RetryAfter(response.Headers, time))
        {
            UnstructuredBody = error.UnstructuredBody,
        };
    }

    private static async Task<byte[]> ReadCappedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var _ = stream.ConfigureAwait(false);
        var buffer = new byte[MaxErrorBodyBytes];
        var length = 0;
        while (length < buffer.Length
            && await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false) is var read and > 0)
        {
            length += read;
        }

        return buffer[..length];
    }

    /// <summary>
    /// True for a failure of the connection or a fired deadline, false when the caller itself cancelled (that
    /// cancellation must surface as <see cref="OperationCanceledException"/>, not as a provider failure).
    /// </summary>
    public static bool IsTransportFailure(Exception ex, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && ex is HttpRequestException or IOException or OperationCanceledException;

    /// <summary>
    /// The failure of a stream that stopped mid-body: a <see cref="ProviderException.Stalled"/> timeout when our
    /// between-chunk <paramref name="deadline"/> fired, else an interrupted connection (reset, closed).
    /// </summary>
    public static ProviderException StreamFailure(Exception ex, CancellationTokenSource deadline, TimeSpan betweenChunks) =>
        deadline.IsCancellationRequested
            ? ProviderException.SilentFor(betweenChunks, ex)
            : new ProviderException(ProviderFailureReason.Timeout, "upstream stream was interrupted", innerException: ex);

    /// <summary><c>Retry-After</c> as seconds or an HTTP date (the wait from <paramref name="time"/>'s now); a date in the past is zero.</summary>
    public static TimeSpan? RetryAfter(HttpResponseHeaders headers, TimeProvider time) => headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow() is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };
}
