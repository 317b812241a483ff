using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.Hosting;

public sealed class ListenerTests
{
    [Fact]
    public async Task Loopback_ListensOnIPv4AndIPv6Loopback_Only()
    {
        // Arrange
        await using var gateway = await KestrelGateway.StartAsync(TestConfigs.EchoOnly);
        var addresses = gateway.App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;

        // Act
        var hosts = addresses.Select(a => new Uri(a).Host).ToList();

        // Assert
        hosts.Should().Contain("127.0.0.1");
        if (Socket.OSSupportsIPv6)
        {
            hosts.Should().Contain("[::1]");
            using var client = new HttpClient();
            var v6 = addresses.First(a => a.Contains("[::1]", StringComparison.Ordinal));
            (await client.GetAsync(new Uri(new Uri(v6), "/healthz"))).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        hosts.Should().OnlyContain(h => h == "127.0.0.1" || h == "[::1]");
    }
}
