using OpenClaw.Core.Configuration;
using OpenClaw.Gateway.Auth;
using OpenClaw.Gateway.OpenAi;
using OpenClaw.Gateway.OpenResponses.Media;

namespace OpenClaw.Gateway.OpenResponses;

/// <summary>What the Responses handler needs besides what it shares with chat completions, bundled in one singleton.</summary>
internal sealed class ResponsesServices(
    ChatCompletionServices shared, PreviousResponses previous, ResponseMediaReader media, GatewayAuthState auth, ILogger<ResponsesServices> logger)
{
    public ChatCompletionServices Shared { get; } = shared;

    public PreviousResponses Previous { get; } = previous;

    /// <summary>The auth mode, part of the <c>previous_response_id</c> scope of a caller without a bearer credential.</summary>
    public string AuthMode => auth.Mode;

    public ILogger Logger { get; } = logger;

    /// <summary>The active user message's media, or null when the request must be refused with <c>invalid request</c>.</summary>
    public Task<ResponseMedia?> ReadMediaAsync(ResponsesPrompt prompt, ConfigSnapshot snapshot, CancellationToken cancellationToken) =>
        media.ReadAsync(prompt.UrlSourceCount, prompt.ActiveMedia, snapshot.Config.Gateway.Http.Responses, cancellationToken);
}
