using System.Text.Json.Nodes;
using OpenClaw.Core.Configuration;
using OpenClaw.Gateway.WebSockets;

namespace OpenClaw.Gateway.Tests.WebSockets.Units;

/// <summary>Idempotency cache, run outcomes for agent.wait, config redaction and frame serialization.</summary>
public class SocketStateTests
{
    [Fact]
    public void IdempotencyCache_SameKey_ReturnsTheFirstValue_AndRunsTheFactoryOnce()
    {
        var cache = new IdempotencyCache(TimeProvider.System);
        var calls = 0;

        var first = cache.GetOrAdd("agent", "k", () => new object[] { ++calls }, out var firstAdded);
        var second = cache.GetOrAdd("agent", "k", () => new object[] { ++calls }, out var secondAdded);
        var other = cache.GetOrAdd("chat.send", "k", () => new object[] { ++calls }, out var otherAdded);

        second.Should().BeSameAs(first);
        other.Should().NotBeSameAs(first, "keys are per method");
        (firstAdded, secondAdded, otherAdded, calls).Should().Be((true, false, true, 2));
    }

    [Fact]
    public void IdempotencyCache_StaysWithinItsCap()
    {
        var cache = new IdempotencyCache(TimeProvider.System);

        for (var i = 0; i < IdempotencyCache.MaxEntries + 50; i++)
        {
            cache.GetOrAdd("agent", "k" + i, () => new object(), out _);
        }

        cache.Count.Should().BeLessThanOrEqualTo(IdempotencyCache.MaxEntries + 1);
    }

    [Fact]
    public async Task RunTracker_WaitBeforeTheRunAppears_GetsItsOutcome()
    {
        var tracker = new RunTracker(TimeProvider.System);

        var wait = tracker.WaitAsync("r1", TimeSpan.FromSeconds(10), CancellationToken.None);
        tracker.Started("r1", 100);
        tracker.Finished("r1", null, 200, "ok", "stop", null);

        var outcome = await wait;
        outcome.ToJsonString().Should().Be("""{"runId":"r1","status":"ok","startedAt":100,"endedAt":200,"stopReason":"stop"}""");
    }

    [Fact]
    public async Task RunTracker_NoRun_TimesOut_AndTheFirstOutcomeWins()
    {
        var tracker = new RunTracker(TimeProvider.System);
        tracker.Finished("r2", 1, 2, "error", null, "boom");
        tracker.Finished("r2", 1, 3, "ok", "stop", null);

        (await tracker.WaitAsync("none", TimeSpan.FromMilliseconds(20), CancellationToken.None)).ToJsonString()
            .Should().Be("""{"runId":"none","status":"timeout"}""");
        (await tracker.WaitAsync("r2", TimeSpan.FromSeconds(1), CancellationToken.None))["error"]!.GetValue<string>().Should().Be("boom");
    }

    [Fact]
    public async Task RunTracker_ManyRunsEndingAtOnce_PastTheCap_AreSweptWithoutFailing()
    {
        // The cap's sweep sorts the outcomes while other runs keep recording theirs.
        var tracker = new RunTracker(TimeProvider.System);
        var total = RunTracker.MaxEntries * 3;

        await Parallel.ForAsync(0, total, new ParallelOptions { MaxDegreeOfParallelism = 8 }, (i, _) =>
        {
            tracker.Finished("r" + i, i, i + 1, "ok", "stop", null);
            return ValueTask.CompletedTask;
        });

        tracker.Count.Should().BeLessThanOrEqualTo(RunTracker.MaxEntries + 8);
    }

    [Theory]
    [InlineData("""{ gateway: { auth: { token: 'abc', mode: "token" } } }""", """{ gateway: { auth: { token: "__OPENCLAW_REDACTED__", mode: "token" } } }""")]
    [InlineData("""{"apiKey": "sk-1", "password":"p\"q", botToken: "x", maxTokens: 5}""", """{"apiKey": "__OPENCLAW_REDACTED__", "password":"__OPENCLAW_REDACTED__", botToken: "__OPENCLAW_REDACTED__", maxTokens: 5}""")]
    [InlineData("""{ clientSecret: '${SECRET}', name: 'token' }""", """{ clientSecret: "__OPENCLAW_REDACTED__", name: 'token' }""")]
    [InlineData("{ token: /* rotate monthly */ 'tok-1' }", """{ token: /* rotate monthly */ "__OPENCLAW_REDACTED__" }""")]
    [InlineData("{ apiKey: // production\n  \"sk-2\" }", "{ apiKey: // production\n  \"__OPENCLAW_REDACTED__\" }")]
    [InlineData("{ apiKey: \"sk-continued-\\\nsecret\" }", "{ apiKey: \"__OPENCLAW_REDACTED__\" }")]
    [InlineData("""{ "api\u004Bey": "sk-escaped" }""", """{ "api\u004Bey": "__OPENCLAW_REDACTED__" }""")]
    public void RedactText_ReplacesSecretStringValues(string text, string expected)
    {
        ConfigRedaction.RedactText(text).Should().Be(expected);
    }

    [Theory]
    [InlineData("""{ "my token": 'tok-3', keep: 1 }""", """{ "my token": "__OPENCLAW_REDACTED__", keep: 1 }""")]
    [InlineData("""{ headers: { "X-Custom": "hdr-secret" }, keep: 1 }""", """{ headers: { "X-Custom": "__OPENCLAW_REDACTED__" }, keep: 1 }""")]
    [InlineData("{ env: { OPENROUTER_KEY: 'sk-or-v1-1', vars: { GITHUB_PAT: 'ghp_1' } }, // keys\n a: 'sk-or-v1-1 again' }", "{ env: { OPENROUTER_KEY: \"__OPENCLAW_REDACTED__\", vars: { GITHUB_PAT: \"__OPENCLAW_REDACTED__\" } }, // keys\n a: \"__OPENCLAW_REDACTED__\" }")]
    [InlineData("{ db: 'postgres://app:pw@db:5432/x' /* main */ }", "{ db: \"postgres://__OPENCLAW_REDACTED__@db:5432/x\" /* main */ }")]
    public void RedactText_FindsSecretsByWhereTheyStand_KeepingTheRestOfTheText(string text, string expected)
    {
        // Headers, keys with spaces, env values, strings holding a secret and URL user info: by structure, not by a key pattern.
        ConfigRedaction.RedactText(text).Should().Be(expected);
    }

    [Fact]
    public void Redact_EffectiveConfig_HidesValuesSubstitutedFromTheEnvironment()
    {
        var file = JsonNode.Parse("""{"models":{"providers":{"p":{"baseUrl":"https://x/?key=${P_API_KEY}","name":"${P_NAME}"}}}}""");
        var effective = JsonNode.Parse("""{"models":{"providers":{"p":{"baseUrl":"https://x/?key=real","name":"Plain"}}}}""");

        ConfigRedaction.Redact(effective, file)!.ToJsonString().Should().Be(
            """{"models":{"providers":{"p":{"baseUrl":"__OPENCLAW_REDACTED__","name":"__OPENCLAW_REDACTED__"}}}}""",
            "any value built by ${VAR} substitution may hold a secret");
    }

    [Fact]
    public void Redact_ReplacesSecretValuesAtAnyDepth()
    {
        var node = JsonNode.Parse("""{"models":{"providers":{"p":{"apiKey":"sk","models":[{"id":"m","maxTokens":5}]}}},"gateway":{"auth":{"password":"pw"}}}""");

        ConfigRedaction.Redact(node)!.ToJsonString().Should().Be(
            """{"models":{"providers":{"p":{"apiKey":"__OPENCLAW_REDACTED__","models":[{"id":"m","maxTokens":5}]}}},"gateway":{"auth":{"password":"__OPENCLAW_REDACTED__"}}}""");
    }

    [Fact]
    public void Frames_KeepTheSpecsKeyOrder_AndOmitAbsentKeys()
    {
        System.Text.Encoding.UTF8.GetString(SocketFrames.Response("1", new JsonObject { ["a"] = 1 })).Should().Be("""{"type":"res","id":"1","ok":true,"payload":{"a":1}}""");
        System.Text.Encoding.UTF8.GetString(SocketFrames.Event("tick", """{"ts":1}"""u8, 0)).Should().Be("""{"type":"event","event":"tick","payload":{"ts":1}}""");
        System.Text.Encoding.UTF8.GetString(SocketFrames.Event("health", """{}"""u8, 3, new JsonObject { ["presence"] = 1, ["health"] = 2 }))
            .Should().Be("""{"type":"event","event":"health","payload":{},"seq":3,"stateVersion":{"presence":1,"health":2}}""");
        System.Text.Encoding.UTF8.GetString(SocketFrames.Error("x", SocketRequestException.Invalid("bad"))).Should().Be(
            """{"type":"res","id":"x","ok":false,"error":{"code":"INVALID_REQUEST","message":"bad"}}""");
    }
}
