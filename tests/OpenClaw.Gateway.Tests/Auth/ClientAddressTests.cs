using System.Net;
using Microsoft.AspNetCore.Http;
using OpenClaw.Gateway.Auth;

namespace OpenClaw.Gateway.Tests.Auth;

/// <summary>Which address a request is judged by: the socket peer, or the client trusted proxies forwarded for.</summary>
public sealed class ClientAddressTests
{
    private static readonly string[] Proxy = ["10.0.0.1"];

    [Theory]
    [InlineData("10.0.0.1", "127.0.0.1, 203.0.113.7", "203.0.113.7")] // a spoofed left entry is ignored
    [InlineData("10.0.0.1", "203.0.113.7", "203.0.113.7")]
    [InlineData("10.0.0.1", "127.0.0.1, 203.0.113.7, 10.0.0.2", "203.0.113.7")] // 10.0.0.2 is a trusted hop too
    [InlineData("10.0.0.1", "203.0.113.7, 10.0.0.9", "10.0.0.9")] // an untrusted hop is the client
    [InlineData("10.0.0.1", "127.0.0.1, garbage", "10.0.0.1")] // a malformed hop ends the chain
    [InlineData("10.0.0.1", "", "10.0.0.1")]
    [InlineData("10.0.0.1", "[2001:db8::1]:4711", "2001:db8::1")]
    [InlineData("10.0.0.1", "203.0.113.7:4711", "203.0.113.7")]
    [InlineData("198.51.100.4", "127.0.0.1", "198.51.100.4")] // not from a proxy: the header is not read
    [InlineData("::ffff:10.0.0.1", "::ffff:203.0.113.7", "203.0.113.7")]
    public void Resolve_WalksForwardedForFromTheRight(string peer, string forwardedFor, string expected)
    {
        var context = Request(peer, forwardedFor);

        ClientAddress.Resolve(context, [.. Proxy, "10.0.0.2/32"]).Should().Be(IPAddress.Parse(expected));
    }

    [Fact]
    public void Resolve_ReadsSeveralHeadersAsOneList()
    {
        var context = Request("10.0.0.1", "127.0.0.1");
        context.Request.Headers["X-Forwarded-For"] = new(["127.0.0.1", "203.0.113.7"]);

        ClientAddress.Resolve(context, Proxy).Should().Be(IPAddress.Parse("203.0.113.7"));
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::ffff", "2001:db8:1:2::/64")]
    [InlineData("::1", "::1")]
    public void LimiterKey_IsTheAddress_OrTheIpv6Slash64(string address, string expected)
    {
        ClientAddress.LimiterKey(IPAddress.Parse(address)).Should().Be(expected);
    }

    [Fact]
    public void LimiterKey_WithoutAnAddress_IsUnknown()
    {
        ClientAddress.LimiterKey(null).Should().Be("unknown");
    }

    private static DefaultHttpContext Request(string peer, string forwardedFor)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
        if (forwardedFor.Length > 0)
        {
            context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        }

        return context;
    }
}
