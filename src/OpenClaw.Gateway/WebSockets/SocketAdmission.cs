namespace OpenClaw.Gateway.WebSockets;

/// <summary>
/// Counts open sockets and sockets still in their handshake against <see cref="GatewaySocketOptions.MaxConnections"/>
/// and <see cref="GatewaySocketOptions.MaxPreAuthConnections"/>, so a flood of connections (authenticated or not)
/// cannot make the process hold unbounded sockets; and handshakes per remote client against
/// <see cref="GatewaySocketOptions.MaxPreAuthConnectionsPerClient"/>, so one host on the network cannot take every
/// handshake slot (loopback clients share the global cap only: they are the user's own programs).
/// </summary>
internal sealed class SocketAdmission
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _preAuthByClient = new(StringComparer.Ordinal);
    private int _open;
    private int _preAuth;

    public int Open => Volatile.Read(ref _open);

    public int PreAuth => Volatile.Read(ref _preAuth);

    /// <summary>
    /// A ticket for one more socket from <paramref name="client"/> (a limiter key; null for a loopback client), or
    /// null with the limit that refused it.
    /// </summary>
    public Ticket? TryAdmit(GatewaySocketOptions options, string? client, out string refusal)
    {
        refusal = "";
        if (!TryIncrement(ref _open, options.MaxConnections))
        {
            refusal = $"too many WebSocket connections (limit {options.MaxConnections})";
            return null;
        }

        if (!TryIncrement(ref _preAuth, options.MaxPreAuthConnections))
        {
            Interlocked.Decrement(ref _open);
            refusal = $"too many WebSocket connections awaiting connect (limit {options.MaxPreAuthConnections})";
            return null;
        }

        if (client is not null && !TryEnterClient(client, options.MaxPreAuthConnectionsPerClient))
        {
            Interlocked.Decrement(ref _preAuth);
            Interlocked.Decrement(ref _open);
            refusal = $"too many WebSocket connections awaiting connect from this client (limit {options.MaxPreAuthConnectionsPerClient})";
            return null;
        }

        return new Ticket(this, client);
    }

    private bool TryEnterClient(string client, int limit)
    {
        lock (_lock)
        {
            var count = _preAuthByClient.GetValueOrDefault(client);
            if (count >= limit)
            {
                return false;
            }

            _preAuthByClient[client] = count + 1;
            return true;
        }
    }

    private void LeaveClient(string client)
    {
        lock (_lock)
        {
            // Entries live only while a handshake is pending: the map is bounded by the pre-auth cap.
            if (--_preAuthByClient[client] == 0)
            {
                _preAuthByClient.Remove(client);
            }
        }
    }

    private static bool TryIncrement(ref int counter, int limit)
    {
        while (true)
        {
            var current = Volatile.Read(ref counter);
            if (current >= limit)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref counter, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    /// <summary>One admitted socket: pre-auth until <see cref="Authenticated"/>, counted until disposed.</summary>
    public sealed class Ticket(SocketAdmission owner, string? client) : IDisposable
    {
        private int _preAuth = 1;
        private int _open = 1;

        public void Authenticated()
        {
            if (Interlocked.Exchange(ref _preAuth, 0) == 1)
            {
                Interlocked.Decrement(ref owner._preAuth);
                if (client is not null)
                {
                    owner.LeaveClient(client);
                }
            }
        }

        public void Dispose()
        {
            Authenticated();
            if (Interlocked.Exchange(ref _open, 0) == 1)
            {
                Interlocked.Decrement(ref owner._open);
            }
        }
    }
}
