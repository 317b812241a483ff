using System.Text.Json.Nodes;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Models;
using OpenClaw.Core.Sessions;
using OpenClaw.Gateway.Auth;

namespace OpenClaw.Gateway.WebSockets.Methods;

/// <summary><c>health</c> and <c>status</c> (gateway-protocol.md §6.1, §6.2).</summary>
internal sealed class HealthMethods(IConfigSource config, ISessionStore store, HealthService health, IProcessEnvironment environment, TimeProvider time) : ISocketMethods
{
    private const int RecentRows = 10;

    public void Register(SocketMethodTable table)
    {
        table.Add("health", GatewayScopes.Read, HealthAsync);
        table.Add("status", GatewayScopes.Read, StatusAsync);
    }

    /// <summary>The default agent's model and context window, for <c>defaults</c> blocks.</summary>
    public static (string? Provider, string? Model, int ContextTokens) Defaults(ConfigSnapshot snapshot, IProcessEnvironment environment)
    {
        var (model, _) = ModelResolver.Resolve(snapshot.Config, snapshot.Agents.DefaultAgentId, null, null, environment);
        if (model is not null)
        {
            return (model.Ref.Provider, model.Ref.Model, model.Definition.ContextWindow);
        }

        return ModelRef.TryParse(ModelResolver.ConfiguredRef(snapshot.Config, snapshot.Agents.DefaultAgentId), out var configured)
            ? (configured.Provider, configured.Model, snapshot.Config.Agents.Defaults.ContextTokens)
            : (null, null, snapshot.Config.Agents.Defaults.ContextTokens);
    }

    private async Task<JsonNode?> HealthAsync(SocketCall call)
    {
        var probe = call.Params.Boolean("probe") ?? false;
        return await health.GetAsync(probe, call.Connection.Closed);
    }

    private async Task<JsonNode?> StatusAsync(SocketCall call)
    {
        var snapshot = config.Current;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var defaults = Defaults(snapshot, environment);
        // Each agent's newest sessions are enough for the newest of all.
        var recent = new List<SessionEntry>();
        var count = 0;
        var byAgent = new JsonArray();
        var heartbeats = new JsonArray();
        foreach (var agent in snapshot.Agents.Agents)
        {
            var (sessions, total) = await store.ListSessionsAsync(new SessionQuery { AgentId = agent.Id, Limit = RecentRows }, call.Connection.Closed);
            recent.AddRange(sessions);
            count += total;
            byAgent.Add((JsonNode)new JsonObject
            {
                ["agentId"] = agent.Id,
                ["path"] = health.StoreLocation,
                ["count"] = total,
                ["recent"] = Recent(sessions, now, defaults.ContextTokens),
            });
            heartbeats.Add((JsonNode)new JsonObject { ["agentId"] = agent.Id, ["enabled"] = false, ["every"] = "disabled", ["everyMs"] = null });
        }

        var sessionDefaults = new JsonObject { ["model"] = defaults.Model, ["contextTokens"] = defaults.ContextTokens };
        return new JsonObject
        {
            ["runtimeVersion"] = HelloBuilder.OwnVersion,
            ["heartbeat"] = new JsonObject { ["defaultAgentId"] = snapshot.Agents.DefaultAgentId, ["agents"] = heartbeats },
            ["channelSummary"] = new JsonArray(),
            ["queuedSystemEvents"] = new JsonArray(),
            ["providers"] = health.Providers(),
            ["runs"] = health.Runs(),
            ["sessions"] = new JsonObject
            {
                ["paths"] = new JsonArray(health.StoreLocation),
                ["count"] = count,
                ["defaults"] = sessionDefaults,
                ["recent"] = Recent([.. recent.OrderByDescending(s => s.UpdatedAt)], now, defaults.ContextTokens),
                ["byAgent"] = byAgent,
            },
        };
    }

    private static JsonArray Recent(IReadOnlyList<SessionEntry> sessions, long now, int defaultContext)
    {
        var rows = new JsonArray();
        foreach (var s in sessions.Take(RecentRows))
        {
            var context = s.ContextTokens > 0 ? s.ContextTokens : defaultContext;
            var row = new JsonObject
            {
                ["agentId"] = s.AgentId,
                ["key"] = s.SessionKey,
                ["kind"] = SessionKeys.KindOf(s.SessionKey) == "thread" ? "group" : SessionKeys.KindOf(s.SessionKey),
                ["sessionId"] = s.SessionId,
                ["updatedAt"] = s.UpdatedAt,
                ["age"] = now - s.UpdatedAt,
                ["abortedLastRun"] = s.AbortedLastRun,
                ["inputTokens"] = s.InputTokens,
                ["outputTokens"] = s.OutputTokens,
                ["cacheRead"] = s.CacheRead,
                ["cacheWrite"] = s.CacheWrite,
                ["totalTokens"] = s.TotalTokens,
                ["remainingTokens"] = Math.Max(0, context - s.TotalTokens),
                ["percentUsed"] = context > 0 ? (long)Math.Round(100.0 * s.TotalTokens / context, MidpointRounding.AwayFromZero) : 0,
            };
            if (s.Model is not null)
            {
                row["model"] = s.Model;
            }

            row["contextTokens"] = context;
            row["flags"] = new JsonArray("id:" + s.SessionId);
            rows.Add((JsonNode)row);
        }

        return rows;
    }
}
