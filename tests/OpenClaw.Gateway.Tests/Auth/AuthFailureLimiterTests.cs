using Microsoft.Extensions.Time.Testing;
using OpenClaw.Core.Configuration;
using OpenClaw.Gateway.Auth;

namespace OpenClaw.Gateway.Tests.Auth;

/// <summary>The failed-auth limiter against a fake clock: window, lock, expiry, pruning and the key cap.</summary>
public sealed class AuthFailureLimiterTests
{
    private static readonly AuthRateLimitConfig ThreeInAMinute = new() { MaxAttempts = 3, WindowMs = 60_000, LockoutMs = 300_000 };

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-12-07T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Failures_ThatSlideOutOfTheWindow_DoNotCount()
    {
        var limiter = new AuthFailureLimiter(_clock);

        limiter.RecordFailure("203.0.113.1", ThreeInAMinute, isLoopback: false);
        _clock.Advance(TimeSpan.FromSeconds(30));
        limiter.RecordFailure("203.0.113.1", ThreeInAMinute, isLoopback: false);
        _clock.Advance(TimeSpan.FromSeconds(31)); // the first failure is now 61 s old
        limiter.RecordFailure("203.0.113.1", ThreeInAMinute, isLoopback: false);

        limiter.IsLocked("203.0.113.1", ThreeInAMinute, isLoopback: false, out _).Should().BeFalse();

        limiter.RecordFailure("203.0.113.1", ThreeInAMinute, isLoopback: false);
        limiter.IsLocked("203.0.113.1", ThreeInAMinute, isLoopback: false, out _).Should().BeTrue("three failures within 60 s");
    }

    [Fact]
    public void Lock_LastsLockoutMs_IsNotExtendedByFailuresWhileLocked_AndClearsTheHistoryWhenItEnds()
    {
        var limiter = new AuthFailureLimiter(_clock);
        Fail(limiter, "203.0.113.1", 3);

        _clock.Advance(TimeSpan.FromSeconds(200));
        Fail(limiter, "203.0.113.1", 5);
        limiter.IsLocked("203.0.113.1", ThreeInAMinute, isLoopback: false, out var retryAfter).Should().BeTrue();
        retryAfter.Should().Be(TimeSpan.FromSeconds(100));

        _clock.Advance(TimeSpan.FromSeconds(100));
        limiter.IsLocked("203.0.113.1", ThreeInAMinute, isLoopback: false, out _).Should().BeFalse();

        Fail(limiter, "203.0.113.1", 2);
        limiter.IsLocked("203.0.113.1", ThreeInAMinute, isLoopback: false, out _).Should().BeFalse("the lock took the old failures with it");
    }

    [Fact]
    public void Reset_ForgetsTheFailures()
    {
        var limiter = new AuthFailureLimiter(_clock);
        Fail(limiter, "203.0.113.1", 2);

        limiter.Reset("203.0.113.1");
        Fail(limiter, "203.0.113.1", 2);

        limiter.IsLocked("203.0.113.1", ThreeInAMinute, isLoopback: false, out _).Should().BeFalse();
    }

    [Fact]
    public void Pruning_DropsIdleUnlockedEntries_ButKeepsLocks()
    {
        var limiter = new AuthFailureLimiter(_clock);
        Fail(limiter, "203.0.113.1", 1);
        Fail(limiter, "203.0.113.2", 3);

        _clock.Advance(TimeSpan.FromSeconds(61));
        Fail(limiter, "203.0.113.3", 1); // a failure runs the prune once a minute

        limiter.Count.Should().Be(2);
        limiter.IsLocked("203.0.113.2", ThreeInAMinute, isLoopback: false, out _).Should().BeTrue();
    }

    [Fact]
    public void AtTheCap_ANewAddress_IsStillTracked_AndTheOldestUnlockedEntriesMakeRoom()
    {
        var limiter = new AuthFailureLimiter(_clock, maxKeys: 10);
        Fail(limiter, "198.51.100.1", 3); // locked, and the oldest of all
        for (var i = 2; i <= 10; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(1));
            Fail(limiter, "198.51.100." + i, 1);
        }

        // Act: an eleventh address guesses its way to the limit.
        Fail(limiter, "203.0.113.99", 3);

        // Assert
        limiter.IsLocked("203.0.113.99", ThreeInAMinute, isLoopback: false, out _).Should().BeTrue("a new address is tracked at the cap");
        limiter.IsLocked("198.51.100.1", ThreeInAMinute, isLoopback: false, out _).Should().BeTrue("locked entries are evicted last");
        limiter.Count.Should().BeLessThanOrEqualTo(10);
    }

    [Fact]
    public void AtTheCap_WithEveryEntryLocked_TheLockEndingSoonestMakesRoom()
    {
        var limiter = new AuthFailureLimiter(_clock, maxKeys: 3);
        for (var i = 1; i <= 3; i++)
        {
            Fail(limiter, "198.51.100." + i, 3);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        Fail(limiter, "203.0.113.99", 3);

        limiter.IsLocked("203.0.113.99", ThreeInAMinute, isLoopback: false, out _).Should().BeTrue();
        limiter.IsLocked("198.51.100.1", ThreeInAMinute, isLoopback: false, out _).Should().BeFalse("its lock was the one ending soonest");
        limiter.IsLocked("198.51.100.3", ThreeInAMinute, isLoopback: false, out _).Should().BeTrue();
        limiter.Count.Should().Be(3);
    }

    [Fact]
    public void AFloodOfAddresses_KeepsTheMapBounded()
    {
        var limiter = new AuthFailureLimiter(_clock, maxKeys: 100);

        for (var i = 0; i < 5_000; i++)
        {
            limiter.RecordFailure($"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}", ThreeInAMinute, isLoopback: false);
        }

        limiter.Count.Should().BeLessThanOrEqualTo(100);
    }

    [Fact]
    public void LoopbackIsExempt_WhenConfigured()
    {
        var limiter = new AuthFailureLimiter(_clock);

        Fail(limiter, "127.0.0.1", 5, isLoopback: true);

        limiter.IsLocked("127.0.0.1", ThreeInAMinute, isLoopback: true, out _).Should().BeFalse();
        limiter.Count.Should().Be(0);
    }

    private static void Fail(AuthFailureLimiter limiter, string key, int times, bool isLoopback = false)
    {
        for (var i = 0; i < times; i++)
        {
            limiter.RecordFailure(key, ThreeInAMinute, isLoopback);
        }
    }
}
