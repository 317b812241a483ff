using System.Diagnostics;
using System.Text.Json.Nodes;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Providers.Circuits;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Gateway.WebSockets;

/// <summary>
/// The HealthSummary of gateway-protocol.md §6.1, cached briefly so connects and <c>health</c> calls do not hit the
/// store each time; <see cref="Version"/> is <c>stateVersion.health</c> and moves when the summary changes.
/// </summary>
internal sealed class HealthService(IConfigSource config, ISessionStore store, ProviderCircuits circuits, AgentRunner runner, TimeProvider time)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private Cached? _cached;
    // The first summary is version 1; only a later summary that differs moves it (a `health` event is sent then).
    private long _version = 1;

    public long Version => Interlocked.Read(ref _version);

    /// <summary>The summary; <paramref name="probe"/> forces a fresh one.</summary>
    public async Task<JsonObject> GetAsync(bool probe, CancellationToken cancellationToken)
    {
        if (!probe && Volatile.Read(ref _cached) is { } cached && time.GetUtcNow() - cached.At < MaxAge)
        {
            return (JsonObject)cached.Summary.DeepClone();
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            var summary = await BuildAsync(cancellationToken);
            var previous = Volatile.Read(ref _cached);
            if (previous is not null && !SameState(previous.Summary, summary))
            {
                Interlocked.Increment(ref _version);
            }

            Volatile.Write(ref _cached, new Cached(time.GetUtcNow(), summary));
            return (JsonObject)summary.DeepClone();
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Where sessions live, for people: <c>sqlite:&lt;file&gt;</c>, never credentials.</summary>
    public string StoreLocation => "sqlite:" + store.Location;

    private async Task<JsonObject> BuildAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var snapshot = config.Current;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var agents = new JsonArray();
        JsonObject? defaultSessions = null;
        foreach (var agent in snapshot.Agents.Agents)
        {
            var (sessions, total) = await store.ListSessionsAsync(new SessionQuery { AgentId = agent.Id, Limit = 5 }, cancellationToken);
            var recent = new JsonArray();
            foreach (var session in sessions)
            {
                recent.Add((JsonNode)new JsonObject { ["key"] = session.SessionKey, ["updatedAt"] = session.UpdatedAt, ["age"] = now - session.UpdatedAt });
            }

            var summary = new JsonObject { ["path"] = StoreLocation, ["count"] = total, ["recent"] = recent };
            var isDefault = agent.Id == snapshot.Agents.DefaultAgentId;
            if (isDefault)
            {
                defaultSessions = (JsonObject)summary.DeepClone();
            }

            agents.Add((JsonNode)new JsonObject
            {
                ["agentId"] = agent.Id,
                ["name"] = agent.Name ?? agent.Id,
                ["isDefault"] = isDefault,
                ["heartbeat"] = Heartbeat(),
                ["sessions"] = summary,
            });
        }

        return new JsonObject
        {
            ["ok"] = true,
            ["ts"] = now,
            ["durationMs"] = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            ["channels"] = new JsonObject(),
            ["channelOrder"] = new JsonArray(),
            ["channelLabels"] = new JsonObject(),
            ["heartbeatSeconds"] = 0,
            ["defaultAgentId"] = snapshot.Agents.DefaultAgentId,
            ["agents"] = agents,
            ["sessions"] = defaultSessions ?? new JsonObject { ["path"] = StoreLocation, ["count"] = 0, ["recent"] = new JsonArray() },
            ["providers"] = Providers(),
            ["runs"] = Runs(),
        };
    }

    /// <summary>
    /// <b>[extension]</b> The run queue right now: <c>{active, queued}</c> (runs holding a slot, runs waiting for one),
    /// so a client or load balancer sees saturation before requests are refused.
    /// </summary>
    public JsonObject Runs() => new() { ["active"] = runner.ActiveRuns, ["queued"] = runner.QueuedRuns };

    /// <summary>
    /// Providers whose circuit is not closed (<c>{id, state, consecutiveFailures, retryAfterMs, lastFailure}</c>); an
    /// extension of the original's summary, so clients see an outage before their runs fail.
    /// </summary>
    public JsonArray Providers()
    {
        var rows = new JsonArray();
        foreach (var row in Health.ProviderHealthRow.Unhealthy(circuits))
        {
            rows.Add((JsonNode)new JsonObject
            {
                ["id"] = row.Id,
                ["state"] = row.State,
                ["consecutiveFailures"] = row.ConsecutiveFailures,
                ["lastFailure"] = row.LastFailure,
            });
        }

        return rows;
    }

    /// <summary>Heartbeats are not implemented: every agent reports them disabled.</summary>
    private static JsonObject Heartbeat() => new() { ["enabled"] = false, ["every"] = "disabled", ["everyMs"] = null };

    /// <summary>Equal apart from the moment it was taken (<c>ts</c>, <c>durationMs</c>, ages).</summary>
    private static bool SameState(JsonObject a, JsonObject b) =>
        JsonNode.DeepEquals(Stable(a), Stable(b));

    private static JsonObject Stable(JsonObject summary)
    {
        var copy = (JsonObject)summary.DeepClone();
        copy.Remove("ts");
        copy.Remove("durationMs");
        foreach (var agent in copy["agents"]!.AsArray())
        {
            foreach (var item in agent!["sessions"]!["recent"]!.AsArray())
            {
                item!.AsObject().Remove("age");
            }
        }

        foreach (var item in copy["sessions"]!["recent"]!.AsArray())
        {
            item!.AsObject().Remove("age");
        }

        return copy;
    }

    private sealed record Cached(DateTimeOffset At, JsonObject Summary);
}
