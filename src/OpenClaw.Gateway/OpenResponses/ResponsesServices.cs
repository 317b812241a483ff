using OpenClaw.Core.Configuration;
using OpenClaw.Core.Runs;
using OpenClaw.Gateway.Auth;
using OpenClaw.Gateway.OpenAi;

namespace OpenClaw.Gateway.OpenResponses;

/// <summary>Images for the run and file blocks for the extra system prompt, in part order (http-api.md §6.5).</summary>
internal sealed record ResponseMedia(IReadOnlyList<RunImage> Images, IReadOnlyList<string> FileBlocks)
{
    public static readonly ResponseMedia None = new([], []);
}

/// <summary>What the Responses handler needs besides what it shares with chat completions, bundled in one singleton.</summary>
internal sealed class ResponsesServices(ChatCompletionServices shared, PreviousResponses previous, GatewayAuthState auth, ILogger<ResponsesServices> logger)
{
    public ChatCompletionServices Shared { get; } = shared;

    public PreviousResponses Previous { get; } = previous;

    /// <summary>The auth mode, part of the <c>previous_response_id</c> scope of a caller without a bearer credential.</summary>
    public string AuthMode => auth.Mode;

    public ILogger Logger { get; } = logger;

    /// <summary>The active user message's media, or null when the request must be refused with <c>invalid request</c>.</summary>
    public Task<ResponseMedia?> ReadMediaAsync(ResponsesPrompt prompt, ConfigSnapshot snapshot, CancellationToken cancellationToken)
    {
        // Media intake (files, images, URL fetches) arrives with the media reader; until then media parts are refused.
        _ = snapshot;
        _ = cancellationToken;
        return Task.FromResult(prompt.UrlSourceCount == 0 && prompt.ActiveMedia.Count == 0 ? ResponseMedia.None : null);
    }
}
