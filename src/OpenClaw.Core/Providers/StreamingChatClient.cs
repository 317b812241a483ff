using Microsoft.Extensions.AI;

namespace OpenClaw.Core.Providers;

/// <summary>
/// The base of every adapter: providers are always called streaming (agent-runtime.md §5.3), so a non-streaming
/// response is the collected stream; adapters own nothing disposable (the pooled HttpClient is the factory's).
/// </summary>
internal abstract class StreamingChatClient : IChatClient
{
    public abstract IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    /// <summary>The model a call is for: adapters are shared per provider, so every call must name one.</summary>
    protected static string ModelOf(IEnumerable<ChatMessage> messages, [System.Diagnostics.CodeAnalysis.NotNull] ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return options?.ModelId ?? throw new ArgumentException("ChatOptions.ModelId is required.", nameof(options));
    }

    public void Dispose()
    {
        // Nothing owned: shared clients live as long as the ChatClientFactory.
    }
}
