using System.Text.Json.Nodes;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Coordination;
using OpenClaw.Core.Models;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Sessions;
using OpenClaw.Gateway.Auth;

namespace OpenClaw.Gateway.WebSockets.Methods;

/// <summary><c>sessions.list</c>, <c>.preview</c>, <c>.patch</c>, <c>.reset</c>, <c>.delete</c> (gateway-protocol.md §6.8).</summary>
internal sealed class SessionMethods(
    IConfigSource config, ISessionStore store, SessionCommands commands, IRunCoordination coordination, HealthService health,
    IProcessEnvironment environment, TimeProvider time) : ISocketMethods
{
    public static readonly string[] ThinkingLevels = ["off", "minimal", "low", "medium", "high", "xhigh"];
    public static readonly string[] VerboseLevels = ["on", "full", "off"];

    /// <summary>Each previewed key reads a transcript: one request may not ask for an unbounded number.</summary>
    private const int MaxPreviewKeys = 100;

    public void Register(SocketMethodTable table)
    {
        table.Add("sessions.list", GatewayScopes.Read, ListAsync);
        table.Add("sessions.preview", GatewayScopes.Read, PreviewAsync);
        table.Add("sessions.patch", GatewayScopes.Admin, PatchAsync);
        table.Add("sessions.reset", GatewayScopes.Admin, ResetAsync);
        table.Add("sessions.delete", GatewayScopes.Admin, DeleteAsync);
    }

    private async Task<JsonNode?> ListAsync(SocketCall call)
    {
        var p = call.Params;
        p.RequireObject();
        var limit = p.Integer("limit", 1, 10_000) ?? 100;
        var offset = p.Integer("offset", 0) ?? 0;
        var activeMinutes = p.Integer("activeMinutes", 1, 100L * 365 * 24 * 60);
        var search = p.String("search");
        var label = p.String("label");
        var snapshot = config.Current;
        var agentId = snapshot.Agents.DefaultAgentId;
        if (p.String("agentId") is { } requested && !snapshot.Agents.IsConfigured(requested, out agentId))
        {
            throw p.Invalid($"unknown agent id \"{agentId}\"");
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var query = new SessionQuery
        {
            AgentId = agentId,
            UpdatedSince = activeMinutes is { } minutes ? now - (minutes * 60_000) : null,
            Search = search,
            Label = label,
            Offset = (int)Math.Min(offset, int.MaxValue),
            Limit = (int)limit,
        };
        var (page, totalCount) = await store.ListSessionsAsync(query, call.Connection.Closed);
        var hasMore = offset + page.Count < totalCount;
        var defaults = HealthMethods.Defaults(snapshot, environment);
        var mainKey = snapshot.Config.Session.MainKey;
        var result = new JsonObject
        {
            ["ts"] = now,
            ["path"] = health.StoreLocation,
            ["count"] = page.Count,
            ["totalCount"] = totalCount,
            ["hasMore"] = hasMore,
        };
        if (hasMore)
        {
            result["nextOffset"] = offset + page.Count;
        }

        result["defaults"] = new JsonObject
        {
            ["modelProvider"] = defaults.Provider,
            ["model"] = defaults.Model,
            ["contextTokens"] = defaults.ContextTokens,
        };
        var rows = new JsonArray();
        foreach (var session in page)
        {
            rows.Add((JsonNode?)SessionRows.Row(session, mainKey, await coordination.Runs.ActiveRunIdsAsync(session.SessionKey, call.Connection.Closed)));
        }

        result["sessions"] = rows;
        return result;
    }

    private async Task<JsonNode?> PreviewAsync(SocketCall call)
    {
        var p = call.Params;
        var keys = p.StringList("keys", required: true);
        if (keys.Count > MaxPreviewKeys)
        {
            throw p.Invalid($"/keys must NOT have more than {MaxPreviewKeys} items");
        }

        var limit = (int)(p.Integer("limit", 1, 1000) ?? 12);
        var maxChars = (int)(p.Integer("maxChars", 1, 1_000_000) ?? 240);
        var previews = new JsonArray();
        foreach (var key in keys)
        {
            var canonical = commands.Canonicalize(key);
            var session = await store.GetSessionAsync(canonical, call.Connection.Closed);
            var items = new JsonArray();
            if (session is not null)
            {
                var messages = TranscriptMessages.Read(await store.ReadTranscriptAsync(session.SessionId, call.Connection.Closed), null);
                foreach (var message in messages.Where(m => m["role"]?.GetValue<string>() is "user" or "assistant").TakeLast(limit))
                {
                    var text = TranscriptMessages.Text(message);
                    if (text.Length > 0)
                    {
                        items.Add((JsonNode)new JsonObject { ["role"] = message["role"]!.GetValue<string>(), ["text"] = TranscriptMessages.Cut(text, maxChars) });
                    }
                }
            }

            previews.Add((JsonNode)new JsonObject
            {
                ["key"] = canonical,
                ["status"] = session is null ? "missing" : items.Count == 0 ? "empty" : "ok",
                ["items"] = items,
            });
        }

        return new JsonObject { ["ts"] = time.GetUtcNow().ToUnixTimeMilliseconds(), ["previews"] = previews };
    }

    private async Task<JsonNode?> PatchAsync(SocketCall call)
    {
        var p = call.Params;
        var key = commands.Canonicalize(p.RequiredString("key"));
        var label = p.String("label");
        var thinking = p.OneOf("thinkingLevel", ThinkingLevels);
        var verbose = p.OneOf("verboseLevel", VerboseLevels);
        var sendPolicy = p.OneOf("sendPolicy", ["allow", "deny"]);
        var modelText = p.String("model");
        string? model = null;
        if (modelText is not null)
        {
            var cfg = config.Current.Config;
            if (!ModelResolver.TryNormalize(cfg, modelText, out var modelRef) || !ModelResolver.IsAllowed(cfg, modelRef))
            {
                throw p.Invalid($"unknown model \"{modelText}\"");
            }

            model = modelRef.ToString();
        }

        var entry = await commands.PatchAsync(key, e => e with
        {
            Label = Pick(p, "label", label, e.Label),
            ThinkingLevel = Pick(p, "thinkingLevel", thinking, e.ThinkingLevel),
            VerboseLevel = Pick(p, "verboseLevel", verbose, e.VerboseLevel),
            SendPolicy = Pick(p, "sendPolicy", sendPolicy, e.SendPolicy),
            ModelOverride = Pick(p, "model", model, e.ModelOverride),
        }, call.Connection.Closed) ?? throw NotFound(key);
        return new JsonObject { ["ok"] = true, ["key"] = key, ["entry"] = SessionRows.Entry(entry) };
    }

    private async Task<JsonNode?> ResetAsync(SocketCall call)
    {
        var p = call.Params;
        var key = commands.Canonicalize(p.RequiredString("key"));
        var reason = p.OneOf("reason", ["new", "reset"]) ?? "reset";
        var entry = await commands.ResetAsync(key, reason, CancellationToken.None) ?? throw NotFound(key);
        return new JsonObject { ["ok"] = true, ["key"] = key, ["entry"] = SessionRows.Entry(entry) };
    }

    private async Task<JsonNode?> DeleteAsync(SocketCall call)
    {
        var p = call.Params;
        var key = commands.Canonicalize(p.RequiredString("key"));
        _ = p.Boolean("deleteTranscript");
        if (SessionKeys.IsMainKey(key, config.Current.Config.Session.MainKey))
        {
            throw SocketRequestException.Invalid("cannot delete the main session");
        }

        var deleted = await commands.DeleteAsync(key, CancellationToken.None) ?? throw NotFound(key);
        return new JsonObject { ["ok"] = true, ["key"] = key, ["deleted"] = true, ["archived"] = new JsonArray(deleted.SessionId) };
    }

    private static SocketRequestException NotFound(string key) => SocketRequestException.Invalid($"session not found: {key}");

    /// <summary>The patched value: the new one when given, null when the key is present as null, else unchanged.</summary>
    private static string? Pick(SocketParams p, string name, string? value, string? current) =>
        value ?? (p.IsNull(name) ? null : current);
}
