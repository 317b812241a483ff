using OpenClaw.Gateway.WebSockets;

namespace OpenClaw.Gateway.Tests.WebSockets.Units;

/// <summary>The socket caps: open sockets and sockets still in their handshake.</summary>
public sealed class SocketAdmissionTests
{
    private static readonly GatewaySocketOptions TwoOpenOnePreAuth = new() { MaxConnections = 2, MaxPreAuthConnections = 1 };

    [Fact]
    public void TryAdmit_BeyondThePreAuthCap_IsRefused_UntilTheHandshakeCompletes()
    {
        var admission = new SocketAdmission();
        using var first = admission.TryAdmit(TwoOpenOnePreAuth, null, out _);

        var refused = admission.TryAdmit(TwoOpenOnePreAuth, null, out var refusal);
        first!.Authenticated();
        using var second = admission.TryAdmit(TwoOpenOnePreAuth, null, out _);

        refused.Should().BeNull();
        refusal.Should().Be("too many WebSocket connections awaiting connect (limit 1)");
        second.Should().NotBeNull();
        (admission.Open, admission.PreAuth).Should().Be((2, 1));
    }

    [Fact]
    public void TryAdmit_BeyondTheConnectionCap_IsRefused_UntilASocketCloses()
    {
        var admission = new SocketAdmission();
        var first = admission.TryAdmit(TwoOpenOnePreAuth, null, out _)!;
        first.Authenticated();
        using var second = admission.TryAdmit(TwoOpenOnePreAuth, null, out _)!;
        second.Authenticated();

        var refused = admission.TryAdmit(TwoOpenOnePreAuth, null, out var refusal);
        first.Dispose();
        first.Dispose();
        using var third = admission.TryAdmit(TwoOpenOnePreAuth, null, out _);

        refused.Should().BeNull();
        refusal.Should().Be("too many WebSocket connections (limit 2)");
        third.Should().NotBeNull();
        (admission.Open, admission.PreAuth).Should().Be((2, 1), "a ticket released twice counts once");
    }

    [Fact]
    public async Task TryAdmit_UnderContention_NeverExceedsTheCap()
    {
        var admission = new SocketAdmission();
        var options = new GatewaySocketOptions { MaxConnections = 50, MaxPreAuthConnections = 50 };

        var tickets = await Task.WhenAll(Enumerable.Range(0, 400).Select(_ => Task.Run(() => admission.TryAdmit(options, null, out string _))));

        tickets.Count(t => t is not null).Should().Be(50);
        admission.Open.Should().Be(50);
    }

    [Fact]
    public void TryAdmit_BeyondThePerClientCap_RefusesThatClientOnly_UntilItsHandshakeCompletes()
    {
        var admission = new SocketAdmission();
        var options = new GatewaySocketOptions { MaxConnections = 10, MaxPreAuthConnections = 10, MaxPreAuthConnectionsPerClient = 2 };
        var first = admission.TryAdmit(options, "203.0.113.7", out _)!;
        using var second = admission.TryAdmit(options, "203.0.113.7", out _)!;

        var refused = admission.TryAdmit(options, "203.0.113.7", out var refusal);
        using var other = admission.TryAdmit(options, "198.51.100.1", out _);
        using var loopback = admission.TryAdmit(options, null, out _);
        first.Authenticated();
        using var again = admission.TryAdmit(options, "203.0.113.7", out _);

        refused.Should().BeNull();
        refusal.Should().Be("too many WebSocket connections awaiting connect from this client (limit 2)");
        (other, loopback, again).Should().Match<(SocketAdmission.Ticket?, SocketAdmission.Ticket?, SocketAdmission.Ticket?)>(t => t.Item1 != null && t.Item2 != null && t.Item3 != null);
        admission.PreAuth.Should().Be(4, "the refused socket holds nothing");
        first.Dispose();
    }
}
