using OpenClaw.Core.Providers.OpenAi;

namespace OpenClaw.Core.Providers.Anthropic;

/// <summary>
/// The innermost say over what the SDK puts on the wire (agent-runtime.md §5.3), and where a failed status is
/// classified while its headers are still at hand: the SDK's exceptions keep the status and body but drop the
/// headers, so <c>Retry-After</c> would be lost. A <see cref="ProviderException"/> thrown here passes through the SDK
/// untouched (it wraps only <see cref="HttpRequestException"/> and retries nothing with MaxRetries 0).
/// </summary>
internal sealed class AnthropicWireHandler(AnthropicEndpoint endpoint, TimeProvider time) : DelegatingHandler
{
    public const string ApiVersion = "2023-06-01";

    /// <summary>
    /// Set by an adapter call before it sends: called on every body read that brings data, so the between-event
    /// deadline also counts the <c>ping</c> events the SDK consumes without yielding. It flows to this handler with
    /// the call's execution context; were it ever missing, the adapter's per-event deadline still applies.
    /// </summary>
    public static readonly AsyncLocal<Action?> BodyActivity = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers;

        // The SDK sends its own API version and an Authorization bearer from ANTHROPIC_* variables; the spec wants the
        // configured key as x-api-key and 2023-06-01. Its advertised timeout is the one we switched off (ours apply).
        Replace(headers, "Authorization", null);
        Replace(headers, "X-Stainless-Timeout", null);
        Replace(headers, "anthropic-version", ApiVersion);
        if (endpoint.ApiKey is { Length: > 0 } key)
        {
            Replace(headers, "x-api-key", key);
        }

        foreach (var (name, value) in endpoint.Headers)
        {
            Replace(headers, name, value);
        }

        var onActivity = BodyActivity.Value;
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            response.Content = new ReadActivityContent(response.Content, onActivity);
            return response;
        }

        using (response)
        {
            // Every cancellation counts as a stalled body here; the adapter tells the caller's own cancellation apart.
            throw await ProviderHttp.FailureAsync(response, static (status, body) => OpenAiErrorBody.Describe(status, body), time, cancellationToken, CancellationToken.None)
                .ConfigureAwait(false);
        }
    }

    private static void Replace(System.Net.Http.Headers.HttpRequestHeaders headers, string name, string? value)
    {
        if (headers.NonValidated.Contains(name))
        {
            headers.Remove(name);
        }

        if (value is not null)
        {
            headers.TryAddWithoutValidation(name, value);
        }
    }
}
