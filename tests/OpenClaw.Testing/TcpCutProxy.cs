using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace OpenClaw.Testing;

/// <summary>
/// A loopback TCP proxy to a server that a test can cut and restore: <see cref="Cut"/> resets every open connection
/// and refuses new ones (the port is closed), as a database restart looks to its clients; <see cref="Restore"/>
/// accepts again on the same port.
/// </summary>
public sealed class TcpCutProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private TcpListener? _listener;

    private TcpCutProxy(IPEndPoint target, int port)
    {
        _target = target;
        Port = port;
    }

    public int Port { get; }

    public static TcpCutProxy Start(string host, int port)
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var listenPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var proxy = new TcpCutProxy(new IPEndPoint(Dns.GetHostAddresses(host)[0], port), listenPort);
        proxy.Restore();
        return proxy;
    }

    /// <summary>Resets every connection through the proxy and closes its port.</summary>
    public void Cut()
    {
        Interlocked.Exchange(ref _listener, null)?.Stop();
        foreach (var socket in _open.Keys)
        {
            Reset(socket);
        }
    }

    /// <summary>Listens on the same port again.</summary>
    public void Restore()
    {
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _ = AcceptAsync(listener);
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = PairAsync(client);
        }
    }

    private async Task PairAsync(Socket client)
    {
        var server = new Socket(SocketType.Stream, ProtocolType.Tcp);
        _open[client] = 0;
        _open[server] = 0;
        try
        {
            await server.ConnectAsync(_target);
            await using var clientStream = new NetworkStream(client, ownsSocket: false);
            await using var serverStream = new NetworkStream(server, ownsSocket: false);
            await Task.WhenAny(clientStream.CopyToAsync(serverStream), serverStream.CopyToAsync(clientStream));
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
            // Cut, or one side went away: both are reset below.
        }
        finally
        {
            Reset(client);
            Reset(server);
        }
    }

    private void Reset(Socket socket)
    {
        _open.TryRemove(socket, out _);
        try
        {
            // Linger 0: close with RST, as a server that died would.
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }
}
