using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.AI;
using OpenClaw.Core.Providers;

namespace OpenClaw.Core.Tests.Support;

/// <summary>Runs a provider adapter's stream to its end or its failure, the way the runner consumes it.</summary>
internal static class ChatClientCalls
{
    public static async Task<List<ChatResponseUpdate>> DrainAsync(IChatClient client, IEnumerable<ChatMessage> messages, ChatOptions options, CancellationToken cancellationToken = default)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            updates.Add(update);
        }

        return updates;
    }

    /// <summary>The <see cref="ProviderException"/> the call fails with; texts streamed before it go to <paramref name="received"/>.</summary>
    public static async Task<ProviderException> CaptureAsync(IChatClient client, List<string>? received = null)
    {
        var ex = await CaptureAnyAsync(client, CancellationToken.None, received).WaitAsync(TimeSpan.FromSeconds(10));
        return ex.Should().BeOfType<ProviderException>().Subject;
    }

    /// <summary>
    /// Whatever the call throws (null if it completes), sending one user message to model <c>m</c>;
    /// <paramref name="onText"/> runs after each text update is received.
    /// </summary>
    public static async Task<Exception?> CaptureAnyAsync(IChatClient client, CancellationToken cancellationToken, List<string>? received = null, Action? onText = null)
    {
        try
        {
            await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "m", MaxOutputTokens = 100 }, cancellationToken))
            {
                if (update.Text.Length > 0)
                {
                    received?.Add(update.Text);
                    onText?.Invoke();
                }
            }
        }
        catch (Exception ex)
        {
            return ex;
        }

        return null;
    }

    /// <summary>A loopback port nothing listens on.</summary>
    public static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
