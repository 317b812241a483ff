using System.Text.Json;
using OpenClaw.Cli.Commands;

namespace OpenClaw.Cli.Tests.Commands;

/// <summary>Human output of gateway payloads, including shapes other gateways send (nulls, missing fields).</summary>
public sealed class HumanOutputTests
{
    [Fact]
    public void HealthDescribe_FormatsTheSummaryLikeTheOriginal()
    {
        using var health = JsonDocument.Parse("""
            {"ok":true,"durationMs":4,"agents":[
              {"agentId":"main","isDefault":true,"heartbeat":{"enabled":false},"sessions":{"path":"sqlite:/s.db","count":2,"recent":[{"key":"agent:main:main","age":125000}]}},
              {"agentId":"beta","isDefault":false,"heartbeat":{"enabled":false},"sessions":{"path":"sqlite:/s.db","count":0,"recent":[]}}]}
            """);

        HealthCommand.Describe(health.RootElement).Should().Be(
            "Gateway probe duration: 4ms\nAgents: main (default), beta\nHeartbeat interval: disabled (main, beta)\n" +
            "Session store (main): sqlite:/s.db (2 entries)\n- agent:main:main (2m ago)\nSession store (beta): sqlite:/s.db (0 entries)\n");
    }

    [Fact]
    public void HealthDescribe_ToleratesNullsAndMissingFields()
    {
        using var health = JsonDocument.Parse("""{"durationMs":null,"agents":[{"agentId":"main","sessions":{"count":null,"recent":null}},{"sessions":5}]}""");

        HealthCommand.Describe(health.RootElement).Should().StartWith("Gateway probe duration: 0ms\nAgents: main, \n");
    }

    [Theory]
    [InlineData(0, "0m ago")]
    [InlineData(3_599_999, "59m ago")]
    [InlineData(7_200_000, "2h ago")]
    [InlineData(172_800_000, "2d ago")]
    [InlineData(-5, "0m ago")]
    public void Age_IsMinutesHoursOrDays(long ageMs, string expected) => HealthCommand.Age(ageMs).Should().Be(expected);
}
