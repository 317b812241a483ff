using OpenClaw.Core.Configuration;
using OpenClaw.Core.Tests.Support;

namespace OpenClaw.Core.Tests.Configuration;

public class ConfigBinderSessionTests
{
    [Fact]
    public void Bind_Session_BindsPoliciesAndLowerCasesMainKey()
    {
        // Act
        var config = TestConfig.Bind("""
            { session: { scope: 'global', mainKey: 'Home', reset: { mode: 'daily', atHour: 5, idleMinutes: 30 },
                resetByType: { group: { mode: 'idle', idleMinutes: 10 } },
                resetByChannel: { webchat: { mode: 'off' } }, resetTriggers: ['/fresh'] } }
            """);

        // Assert
        var s = config.Session;
        (s.Scope, s.MainKey).Should().Be(("global", "home"));
        s.Reset.Should().Be(new ResetPolicyConfig("daily", 5, 30));
        s.ResetByType["group"].Should().Be(new ResetPolicyConfig("idle", null, 10));
        s.ResetByChannel["WebChat"].Should().Be(new ResetPolicyConfig("off", null, null), "channel names match case-insensitively");
        s.ResetTriggers.Should().Equal("/fresh");
    }

    [Theory]
    [InlineData("{ idleMinutes: 15 }", "idle", null, 15)]
    [InlineData("{ atHour: 3 }", "daily", 3, null)]
    [InlineData("{}", "daily", null, null)]
    public void Bind_ResetWithoutMode_InfersModeFromItsKeys(string reset, string mode, int? atHour, int? idle)
    {
        // Act
        var config = TestConfig.Bind($"{{ session: {{ reset: {reset} }} }}");

        // Assert
        config.Session.Reset.Should().Be(new ResetPolicyConfig(mode, atHour, idle));
    }

    [Theory]
    [InlineData("{ session: { reset: { atHour: 24 } } }", "session.reset.atHour: expected an integer between 0 and 23, received 24")]
    [InlineData("{ session: { reset: { mode: 'weekly' } } }", "session.reset.mode: expected one of daily, idle, off, received \"weekly\"")]
    [InlineData("{ session: { resetByChannel: { webchat: 'off' } } }", "session.resetByChannel.webchat: expected object, received string")]
    [InlineData("{ session: { resetByType: { direct: { every: 1 } } } }", "session.resetByType.direct.every: unrecognized key")]
    public void Bind_InvalidResetPolicy_FailsNamingTheKey(string text, string error)
    {
        // Act
        var message = TestConfig.BindError(text);

        // Assert
        message.Should().Be("invalid config: " + error);
    }

    [Fact]
    public void Bind_LegacyIdleMinutes_IsKept()
    {
        // Act
        var config = TestConfig.Bind("{ session: { idleMinutes: 90 } }");

        // Assert
        config.Session.IdleMinutes.Should().Be(90);
        config.Session.Reset.Should().BeNull();
    }
}
