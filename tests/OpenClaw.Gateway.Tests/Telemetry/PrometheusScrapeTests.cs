using System.Globalization;
using System.Net;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.Telemetry;

/// <summary>
/// A real Prometheus scrapes the gateway's <c>GET /metrics</c> with a bearer token, and PromQL through its HTTP API
/// sees the runs and tokens of the traffic sent. Other tests' gateways in this process share the meters, so every
/// query filters by this test's own agent.
/// </summary>
public sealed class PrometheusScrapeTests
{
    private const string Agent = "promcheck";
    private const string Job = "openclaw";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static readonly string Runs = $$"""sum(openclaw_runs_finished_total{gen_ai_agent_id="{{Agent}}",openclaw_run_outcome="completed"})""";
    private static readonly string Tokens = $$"""sum by (gen_ai_token_type) (openclaw_tokens_total{gen_ai_agent_id="{{Agent}}"})""";

    [PrometheusFact]
    public async Task Prometheus_ScrapingWithTheGatewayToken_CountsTheRunsAndTokensOfTheTraffic()
    {
        // Arrange
        await using var upstream = await FakeOpenAiUpstream.StartAsync();
        await using var gateway = await KestrelGateway.StartAsync(TestConfigs.Upstream(upstream.BaseUrl, agents: $"main,{Agent}"));
        await using var prometheus = await PrometheusServer.StartAsync(gateway.BaseAddress, TestConfigs.Token, Job);
        FakeUsage[] usages = [new(11, 3), new(13, 5), new(17, 7)];
        upstream.Enqueue([.. usages.Select(u => FakeUpstreamResponse.Text("counted") with { Usage = u })]);
        using var client = gateway.CreateClient();

        // Act
        for (var i = 0; i < usages.Length; i++)
        {
            using var response = await client.PostRawAsync(HttpTestExtensions.ChatBody($"run {i}", $"openclaw/{Agent}", stream: i == 1));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            (await response.Content.ReadAsStringAsync()).Should().Contain("counted");
        }

        var seen = await PollAsync(prometheus, usages.Length, usages.Sum(u => u.PromptTokens), usages.Sum(u => u.CompletionTokens));

        // Assert
        seen.Targets.Should().ContainSingle().Which.Should().Be(("up", ""), "the bearer token gets past /metrics' auth ({0})", seen);
        seen.Up.Should().Be(1, "{0}", seen);
        seen.Runs.Should().Be(usages.Length, "{0}", seen);
        seen.Tokens.Should().Equal(
            new Dictionary<string, double> { ["input"] = usages.Sum(u => u.PromptTokens), ["output"] = usages.Sum(u => u.CompletionTokens) },
            "{0}", seen);
    }

    /// <summary>Queries until the counts reach the expected ones (then they must equal them) or the deadline passes.</summary>
    private static async Task<Observed> PollAsync(PrometheusServer prometheus, int runs, int input, int output)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var seen = new Observed(
                await prometheus.TargetsAsync(),
                (await prometheus.QueryAsync($$"""up{job="{{Job}}"}""")).Sum(s => s.Value),
                (await prometheus.QueryAsync(Runs)).Sum(s => s.Value),
                (await prometheus.QueryAsync(Tokens)).ToDictionary(
                    s => s.Labels.GetValueOrDefault("gen_ai_token_type", ""), s => s.Value));
            var done = seen.Up >= 1 && seen.Runs >= runs
                && seen.Tokens.GetValueOrDefault("input") >= input && seen.Tokens.GetValueOrDefault("output") >= output;
            if (done || DateTime.UtcNow > deadline)
            {
                return seen;
            }

            await Task.Delay(250);
        }
    }

    private sealed record Observed(
        IReadOnlyList<(string Health, string LastError)> Targets, double Up, double Runs, Dictionary<string, double> Tokens)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"targets [{string.Join("; ", Targets)}], up {Up}, runs {Runs}, tokens {{{string.Join(", ", Tokens)}}}");
    }
}
