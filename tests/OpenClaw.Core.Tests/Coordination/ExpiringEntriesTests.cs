using System.Collections.Concurrent;
using OpenClaw.Core.Coordination.InProcess;

namespace OpenClaw.Core.Tests.Coordination;

/// <summary>The shared sweep keeps each map's rules: what may age, how long it lives, the cap and where a trim stops.</summary>
public class ExpiringEntriesTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Sweep_PastTheTtl_RemovesOnlyEntriesThatAge()
    {
        // Arrange: "running" is pinned (no aging time), the other two are as old.
        var entries = Map(("running", null), ("done", Now.AddMinutes(-6)), ("fresh", Now.AddMinutes(-4)));

        // Act
        ExpiringEntries.Sweep(entries, static since => since, Now, TimeSpan.FromMinutes(5), cap: 10, trimTo: 10);

        // Assert
        entries.Keys.Should().BeEquivalentTo("running", "fresh");
    }

    [Fact]
    public void Sweep_OverTheCap_TrimsTheOldestAgingEntriesDownToTrimTo()
    {
        // Arrange: five entries over a cap of three; the pinned one is the oldest claim but never goes.
        var entries = Map(("pinned", null), ("a", Now.AddSeconds(-4)), ("b", Now.AddSeconds(-3)), ("c", Now.AddSeconds(-2)), ("d", Now.AddSeconds(-1)));

        // Act
        ExpiringEntries.Sweep(entries, static since => since, Now, TimeSpan.FromMinutes(5), cap: 3, trimTo: 2);

        // Assert
        entries.Keys.Should().BeEquivalentTo("pinned", "d");
    }

    [Fact]
    public void Sweep_AtTheCap_RemovesNothing()
    {
        // Arrange
        var entries = Map(("a", Now.AddSeconds(-2)), ("b", Now.AddSeconds(-1)));

        // Act
        ExpiringEntries.Sweep(entries, static since => since, Now, TimeSpan.FromMinutes(5), cap: 2, trimTo: 1);

        // Assert
        entries.Should().HaveCount(2);
    }

    private static ConcurrentDictionary<string, DateTimeOffset?> Map(params (string Key, DateTimeOffset? Since)[] entries) =>
        new(entries.Select(e => KeyValuePair.Create(e.Key, e.Since)));
}
