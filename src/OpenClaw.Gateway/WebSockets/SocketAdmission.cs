namespace OpenClaw.Gateway.WebSockets;

/// <summary>
/// Counts open sockets and sockets still in their handshake against <see cref="GatewaySocketOptions.MaxConnections"/>
/// and <see cref="GatewaySocketOptions.MaxPreAuthConnections"/>, so a flood of connections (authenticated or not)
/// cannot make the process hold unbounded sockets.
/// </summary>
internal sealed class SocketAdmission
{
    private int _open;
    private int _preAuth;

    public int Open => Volatile.Read(ref _open);

    public int PreAuth => Volatile.Read(ref _preAuth);

    /// <summary>A ticket for one more socket, or null with the limit that refused it.</summary>
    public Ticket? TryAdmit(GatewaySocketOptions options, out string refusal)
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

        return new Ticket(this);
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
    public sealed class Ticket(SocketAdmission owner) : IDisposable
    {
        private int _preAuth = 1;
        private int _open = 1;

        public void Authenticated()
        {
            if (Interlocked.Exchange(ref _preAuth, 0) == 1)
            {
                Interlocked.Decrement(ref owner._preAuth);
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
