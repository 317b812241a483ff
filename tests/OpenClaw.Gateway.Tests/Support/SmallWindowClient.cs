using System.Net.Http.Headers;
using System.Net.Sockets;

namespace OpenClaw.Gateway.Tests.Support;

/// <summary>A client that stops reading the way a real, distant one does.</summary>
internal static class SmallWindowClient
{
    /// <summary>
    /// An authorized client whose socket has a fixed 64 KiB receive buffer. Left to autotuning, a loopback receive
    /// buffer can grow to tens of MiB and take a whole answer while the client "does not read"; a fixed one closes the
    /// TCP window as soon as the client stops, as a real client far away would.
    /// </summary>
    public static HttpClient CreateSmallWindowClient(this KestrelGateway gateway)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = static async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = 64 * 1024 };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var client = new HttpClient(handler) { BaseAddress = gateway.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestConfigs.Token);
        return client;
    }
}
