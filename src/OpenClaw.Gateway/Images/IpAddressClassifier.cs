using System.Net;
using System.Net.Sockets;

namespace OpenClaw.Gateway.Images;

/// <summary>
/// Whether an address is on the public internet, the only place a remote image may come from (http-api.md §4.6).
/// Refused: private, loopback, link-local, shared (CGNAT), unique-local, multicast, unspecified, reserved and
/// documentation ranges, and IPv6 forms that carry such an IPv4 address (mapped, NAT64, 6to4). IPv6 outside global
/// unicast (2000::/3) is refused as a whole, so a range added later is not public by accident.
/// </summary>
internal static class IpAddressClassifier
{
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var length))
        {
            return false;
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork when length == 4 => IsPublicV4(bytes[..4]),
            AddressFamily.InterNetworkV6 when length == 16 => IsPublicV6(bytes),
            _ => false,
        };
    }

    private static bool IsPublicV4(ReadOnlySpan<byte> a) => a switch
    {
        [0, ..] => false,                               // "this network" 0.0.0.0/8
        [10, ..] => false,                              // private
        [100, >= 64 and <= 127, ..] => false,           // shared address space (CGNAT) 100.64.0.0/10
        [127, ..] => false,                             // loopback
        [169, 254, ..] => false,                        // link-local, cloud metadata
        [172, >= 16 and <= 31, ..] => false,            // private
        [192, 0, 0 or 2, _] => false,                   // IETF protocol assignments, TEST-NET-1
        [192, 88, 99, _] => false,                      // 6to4 relay anycast (deprecated)
        [192, 168, ..] => false,                        // private
        [198, 18 or 19, ..] => false,                   // benchmarking
        [198, 51, 100, _] or [203, 0, 113, _] => false, // TEST-NET-2, TEST-NET-3
        [>= 224, ..] => false,                          // multicast, reserved, broadcast
        _ => true,
    };

    private static bool IsPublicV6(ReadOnlySpan<byte> a)
    {
        // Forms that embed an IPv4 address are as public as that address.
        if (a[..10].IndexOfAnyExcept((byte)0) < 0 && a[10] == 0xFF && a[11] == 0xFF)
        {
            return IsPublicV4(a[12..]);                 // IPv4-mapped ::ffff:a.b.c.d
        }

        if (a[..12].SequenceEqual((ReadOnlySpan<byte>)[0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0]))
        {
            return IsPublicV4(a[12..]);                 // NAT64 64:ff9b::/96
        }

        if (a[0] == 0x20 && a[1] == 0x02)
        {
            return IsPublicV4(a[2..6]);                 // 6to4 2002::/16
        }

        return a switch
        {
            [not (>= 0x20 and <= 0x3F), ..] => false,    // outside global unicast 2000::/3: ::, ::1, fc00::/7, fe80::/10, ff00::/8 …
            [0x20, 0x01, 0x00 or 0x01, ..] => false,     // IETF special purpose 2001::/23 (Teredo, benchmarking, ORCHID)
            [0x20, 0x01, 0x0D, 0xB8, ..] => false,       // documentation 2001:db8::/32
            [0x3F, 0xFF, < 0x10, ..] => false,           // documentation 3fff::/20
            _ => true,
        };
    }
}
