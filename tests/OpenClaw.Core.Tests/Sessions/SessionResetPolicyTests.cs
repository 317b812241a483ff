using OpenClaw.Core.Configuration;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Core.Tests.Sessions;

public class SessionResetPolicyTests
{
    // A fixed UTC+02:00 zone without DST keeps the boundary arithmetic independent of the host.
    private static readonly TimeZoneInfo Plus2 = TimeZoneInfo.CreateCustomTimeZone("Test/Plus2", TimeSpan.FromHours(2), "Plus2", "Plus2");
    private static readonly ResetPolicyConfig DailyAt4 = new("daily", 4, null);

    [Theory]
    [InlineData("2026-01-10T05:00:00+02:00", "2026-01-10T03:59:00+02:00", true)]
    [InlineData("2026-01-10T05:00:00+02:00", "2026-01-10T04:00:00+02:00", false)]
    [InlineData("2026-01-10T05:00:00+02:00", "2026-01-10T04:01:00+02:00", false)]
    [InlineData("2026-01-10T03:00:00+02:00", "2026-01-09T05:00:00+02:00", false)]
    [InlineData("2026-01-10T03:00:00+02:00", "2026-01-09T03:59:00+02:00", true)]
    [InlineData("2026-01-10T03:00:00+02:00", "2026-01-08T23:00:00+02:00", true)]
    public void IsStale_Daily_ComparesWithMostRecentBoundaryInTheTimeZone(string now, string last, bool stale)
    {
        // Act
        var actual = SessionResetPolicy.IsStale(Entry(last), DailyAt4, DateTimeOffset.Parse(now), Plus2);

        // Assert
        actual.Should().Be(stale);
    }

    [Fact]
    public void IsStale_Daily_BoundaryDependsOnTheTimeZone()
    {
        // Arrange: 02:30Z is 04:30 in UTC+2 (past today's boundary) but 02:30 in UTC (before it).
        var now = DateTimeOffset.Parse("2026-01-10T02:30:00Z");
        var entry = Entry("2026-01-10T01:00:00Z");

        // Act
        var inPlus2 = SessionResetPolicy.IsStale(entry, DailyAt4, now, Plus2);
        var inUtc = SessionResetPolicy.IsStale(entry, DailyAt4, now, TimeZoneInfo.Utc);

        // Assert
        inPlus2.Should().BeTrue();
        inUtc.Should().BeFalse();
    }

    [Fact]
    public void IsStale_DailyWithoutAtHour_UsesFourOClock()
    {
        // Act
        var before = SessionResetPolicy.IsStale(Entry("2026-01-10T03:30:00Z"), new ResetPolicyConfig("daily", null, null), DateTimeOffset.Parse("2026-01-10T04:30:00Z"), TimeZoneInfo.Utc);
        var after = SessionResetPolicy.IsStale(Entry("2026-01-10T04:10:00Z"), new ResetPolicyConfig("daily", null, null), DateTimeOffset.Parse("2026-01-10T04:30:00Z"), TimeZoneInfo.Utc);

        // Assert
        before.Should().BeTrue();
        after.Should().BeFalse();
    }

    [Theory]
    [InlineData(59, false)]
    [InlineData(60, false)]
    [InlineData(61, true)]
    public void IsStale_Idle_ExpiresAfterIdleMinutes(int minutesAgo, bool stale)
    {
        // Arrange
        var now = DateTimeOffset.Parse("2026-01-10T12:00:00Z");

        // Act
        var actual = SessionResetPolicy.IsStale(Entry(now.AddMinutes(-minutesAgo)), new ResetPolicyConfig("idle", 4, 60), now, TimeZoneInfo.Utc);

        // Assert
        actual.Should().Be(stale, "idle mode ignores atHour");
    }

    [Fact]
    public void IsStale_DailyWithIdle_WhicheverExpiresFirst()
    {
        // Arrange: 11:00 → 12:00 crosses no 04:00 boundary, but exceeds 30 idle minutes.
        var now = DateTimeOffset.Parse("2026-01-10T12:00:00Z");
        var policy = new ResetPolicyConfig("daily", 4, 30);

        // Act
        var idleExpired = SessionResetPolicy.IsStale(Entry("2026-01-10T11:00:00Z"), policy, now, TimeZoneInfo.Utc);
        var boundaryCrossed = SessionResetPolicy.IsStale(Entry("2026-01-10T03:59:00Z"), policy, DateTimeOffset.Parse("2026-01-10T04:10:00Z"), TimeZoneInfo.Utc);
        var neither = SessionResetPolicy.IsStale(Entry("2026-01-10T11:45:00Z"), policy, now, TimeZoneInfo.Utc);

        // Assert
        idleExpired.Should().BeTrue();
        boundaryCrossed.Should().BeTrue();
        neither.Should().BeFalse();
    }

    [Fact]
    public void IsStale_Off_NeverExpires()
    {
        // Act
        var stale = SessionResetPolicy.IsStale(Entry("2020-01-01T00:00:00Z"), new ResetPolicyConfig("off", 4, 1), DateTimeOffset.Parse("2026-01-10T12:00:00Z"), TimeZoneInfo.Utc);

        // Assert
        stale.Should().BeFalse();
    }

    [Fact]
    public void IsStale_NoLastInteraction_FallsBackToUpdatedAt()
    {
        // Arrange
        var now = DateTimeOffset.Parse("2026-01-10T12:00:00Z");
        var entry = Entry(now) with { LastInteractionAt = null, UpdatedAt = now.AddHours(-2).ToUnixTimeMilliseconds() };

        // Act
        var stale = SessionResetPolicy.IsStale(entry, new ResetPolicyConfig("idle", null, 60), now, TimeZoneInfo.Utc);

        // Assert
        stale.Should().BeTrue();
    }

    [Fact]
    public void For_ChannelOverride_WinsOverTypeAndDefault()
    {
        // Arrange
        var config = Session();

        // Act
        var policy = SessionResetPolicy.For(config, "webchat", "group");

        // Assert
        policy.Should().Be(new ResetPolicyConfig("idle", null, 240));
    }

    [Theory]
    [InlineData("group", "off")]
    [InlineData("thread", "idle")]
    [InlineData("direct", "daily")]
    [InlineData("global", "daily")]
    public void For_NoChannelOverride_UsesTypeThenSessionReset(string kind, string mode)
    {
        // Arrange
        var config = Session();

        // Act
        var policy = SessionResetPolicy.For(config, "cli", kind);

        // Assert
        policy.Mode.Should().Be(mode);
    }

    [Fact]
    public void For_NothingConfigured_IsDailyAtFour()
    {
        // Act
        var policy = SessionResetPolicy.For(new SessionConfig(), "webchat", "direct");

        // Assert
        policy.Should().Be(new ResetPolicyConfig("daily", 4, null));
    }

    [Fact]
    public void For_LegacyIdleMinutesAlone_MeansIdleMode()
    {
        // Act
        var policy = SessionResetPolicy.For(new SessionConfig { IdleMinutes = 45 }, null, "direct");

        // Assert
        policy.Should().Be(new ResetPolicyConfig("idle", null, 45));
    }

    private static SessionConfig Session() => new()
    {
        Reset = new ResetPolicyConfig("daily", 5, null),
        ResetByType = new Dictionary<string, ResetPolicyConfig>
        {
            ["group"] = new("off", null, null),
            ["thread"] = new("idle", null, 10),
        },
        ResetByChannel = new Dictionary<string, ResetPolicyConfig> { ["webchat"] = new("idle", null, 240) },
    };

    private static SessionEntry Entry(string lastInteraction) => Entry(DateTimeOffset.Parse(lastInteraction));

    private static SessionEntry Entry(DateTimeOffset lastInteraction) => new()
    {
        SessionKey = "agent:main:main",
        AgentId = "main",
        SessionId = "s1",
        UpdatedAt = lastInteraction.ToUnixTimeMilliseconds(),
        LastInteractionAt = lastInteraction.ToUnixTimeMilliseconds(),
    };
}
