using FluentAssertions;

namespace OpenClaw.Testing;

/// <summary>Equality of multi-MiB texts that reports where they differ instead of printing both whole.</summary>
public static class LargeText
{
    public static void ShouldEqual(string? actual, string expected, string because = "")
    {
        actual.Should().NotBeNull(because);
        var at = actual.AsSpan().CommonPrefixLength(expected);
        var same = at == expected.Length && actual!.Length == expected.Length;
        same.Should().BeTrue(
            $"{because} (lengths {actual!.Length} and {expected.Length}, first difference at {at}: " +
            $"\"{Around(actual, at)}\" instead of \"{Around(expected, at)}\")");
    }

    private static string Around(string text, int at) => text.Substring(Math.Max(0, at - 20), Math.Min(text.Length, at + 20) - Math.Max(0, at - 20));
}
