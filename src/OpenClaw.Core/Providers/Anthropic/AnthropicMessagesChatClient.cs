using System.Runtime.CompilerServices;
using Anthropic;
using Microsoft.Extensions.AI;

namespace OpenClaw.Core.Providers.Anthropic;

/// <summary>
/// The <c>anthropic-messages</c> adapter on the official SDK: always streams, maps failures to
/// <see cref="ProviderException"/>, and enforces the first-byte deadline (until the first bytes of the stream) and the
/// between-event deadline with one linked token source, as the OpenAI adapter does.
/// </summary>
internal sealed class AnthropicMessagesChatClient(IAnthropicClient client, ProviderTimeouts timeouts, TimeProvider? time = null) : StreamingChatClient
{
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var model = ModelOf(messages, options);
        var parameters = AnthropicRequest.Build(messages, options);
        var state = new AnthropicStreamState(model);
        using var deadline = new ProviderDeadline(time ?? TimeProvider.System, cancellationToken);
        var events = client.Messages.CreateStreaming(parameters, deadline.Token).GetAsyncEnumerator(deadline.Token);
        await using var _ = events.ConfigureAwait(false);
        var streaming = false;

        // Any bytes of the body (pings included) prove the stream alive; until the first, the first-byte deadline runs.
        AnthropicWireHandler.BodyActivity.Value = () => deadline.CancelAfter(timeouts.BetweenChunks);
        while (!state.Finished)
        {
            // The first MoveNext sends the request and waits for the first event.
            deadline.CancelAfter(streaming ? timeouts.BetweenChunks : timeouts.FirstByte);
            ChatResponseUpdate? update;
            try
            {
                if (!await events.MoveNextAsync().ConfigureAwait(false))
                {
                    break;
                }

                if (!streaming)
                {
                    // The request is out and its body wrapped; nothing else started from here should see the observer.
                    AnthropicWireHandler.BodyActivity.Value = null;
                    streaming = true;
                }

                update = state.Apply(events.Current);
            }
            catch (Exception ex)
            {
                throw AnthropicFailures.Classify(ex, streaming, deadline, timeouts, cancellationToken);
            }

            if (update is not null)
            {
                // The consumer's time with an update is not the upstream's: no deadline runs until the next read.
                deadline.CancelAfter(Timeout.InfiniteTimeSpan);
                yield return update;
            }
        }

        // After message_stop nothing more is read: a server that keeps the connection open must not stall a finished call.
        if (!state.Finished)
        {
            throw ProviderException.Malformed(ProviderMalformed.NoFinish);
        }
    }

}
