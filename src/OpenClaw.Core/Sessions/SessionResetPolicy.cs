using OpenClaw.Core.Configuration;

namespace OpenClaw.Core.Sessions;

/// <summary>Decides lazily whether a session is stale and gets a new transcript (agent-runtime.md §6.3).</summary>
internal static class SessionResetPolicy
{
    private static readonly ResetPolicyConfig Default = new("daily", 4, null);

    /// <summary>The policy for a session: by channel, else by kind, else <c>session.reset</c>, else daily at 04:00.</summary>
    public static ResetPolicyConfig For(SessionConfig config, string? channel, string kind)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (channel is not null && config.ResetByChannel.TryGetValue(channel, out var byChannel))
        {
            return byChannel;
        }

        if (config.ResetByType.TryGetValue(kind == "thread" ? "thread" : kind == "group" ? "group" : "direct", out var byType))
        {
            return byType;
        }

        if (config.Reset is { } reset)
        {
            return reset;
        }

        return config.IdleMinutes is { } idle ? new ResetPolicyConfig("idle", null, idle) : Default;
    }

    /// <summary>True when the session's last interaction is before the policy's boundary.</summary>
    public static bool IsStale(SessionEntry entry, ResetPolicyConfig policy, DateTimeOffset now, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(policy);
        var last = DateTimeOffset.FromUnixTimeMilliseconds(entry.LastInteractionAt ?? entry.UpdatedAt);
        if (policy.Mode == "off")
        {
            return false;
        }

        var idleStale = policy.IdleMinutes is { } idle && now > last.AddMinutes(idle);
        if (policy.Mode == "idle")
        {
            return idleStale;
        }

        return idleStale || last < MostRecentBoundary(now, policy.AtHour ?? 4, timeZone);
    }

    private static DateTimeOffset MostRecentBoundary(DateTimeOffset now, int atHour, TimeZoneInfo timeZone)
    {
        var local = TimeZoneInfo.ConvertTime(now, timeZone);
        var boundaryLocal = new DateTime(local.Year, local.Month, local.Day, atHour, 0, 0, DateTimeKind.Unspecified);
        if (local.DateTime < boundaryLocal)
        {
            boundaryLocal = boundaryLocal.AddDays(-1);
        }

        return new DateTimeOffset(boundaryLocal, timeZone.GetUtcOffset(boundaryLocal));
    }
}
