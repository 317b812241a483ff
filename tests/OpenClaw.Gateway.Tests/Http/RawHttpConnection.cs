using System.Net.Sockets;
using System.Text;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.Http;

/// <summary>
/// A bare TCP connection to a <see cref="KestrelGateway"/>, for requests HttpClient would not send as written (thousands
/// of headers, a body that stops half way). Requests carry <c>Connection: close</c>, so a reply is everything up to EOF.
/// </summary>
internal sealed class RawHttpConnection : IAsyncDisposable
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(20);

    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private RawHttpConnection(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<RawHttpConnection> OpenAsync(KestrelGateway gateway)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(gateway.BaseAddress.Host, gateway.BaseAddress.Port);
        return new RawHttpConnection(tcp);
    }

    /// <summary>A request head: the request line, <c>Host</c>, <c>Connection: close</c>, then <paramref name="headers"/>.</summary>
    public static string Head(string method, string path, IEnumerable<string> headers)
    {
        var head = new StringBuilder($"{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }

        return head.Append("\r\n").ToString();
    }

    public async Task SendAsync(string text)
    {
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(text));
        await _stream.FlushAsync();
    }

    /// <summary>Everything the server sends until it closes the connection; fails (never hangs) after 20 s.</summary>
    public async Task<string> ReadReplyAsync()
    {
        using var cts = new CancellationTokenSource(ReplyTimeout);
        var buffer = new byte[8192];
        var reply = new StringBuilder();
        try
        {
            while (await _stream.ReadAsync(buffer, cts.Token) is var read and > 0)
            {
                reply.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no complete reply within {ReplyTimeout}; got: {reply}");
        }

        return reply.ToString();
    }

    public ValueTask DisposeAsync()
    {
        _stream.Dispose();
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
