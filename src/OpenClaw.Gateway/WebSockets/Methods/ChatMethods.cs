using System.Text.Json.Nodes;
using OpenClaw.Core.Coordination;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Sessions;
using OpenClaw.Gateway.Auth;

namespace OpenClaw.Gateway.WebSockets.Methods;

/// <summary>
/// <c>chat.send</c> (acknowledged at once, result as events; slash commands first), <c>chat.history</c> and
/// <c>chat.abort</c> (gateway-protocol.md §6.5–6.7, agent-runtime.md §6.4).
/// </summary>
internal sealed class ChatMethods(
    SocketRuns runs, IRunCoordination coordination, SessionCommands commands, ISessionStore store, SocketHub hub, Core.Configuration.IConfigSource config, TimeProvider time) : ISocketMethods
{
    private const int DefaultHistoryLimit = 200;
    private const int MaxHistoryLimit = 1000;

    public void Register(SocketMethodTable table)
    {
        table.Add("chat.history", GatewayScopes.Read, HistoryAsync);
        table.Add("chat.send", GatewayScopes.Write, SendAsync);
        table.Add("chat.abort", GatewayScopes.Write, AbortAsync);
    }

    private async Task<JsonNode?> SendAsync(SocketCall call)
    {
        var p = call.Params;
        p.RequireObject();
        var sessionKey = p.RequiredString("sessionKey");
        var (message, images) = runs.ReadTurn(p);
        var key = p.RequiredString("idempotencyKey");
        var thinking = p.OneOf("thinking", SessionMethods.ThinkingLevels);
        var timeoutMs = p.Integer("timeoutMs", 0, 86_400_000);

        var (agentId, canonical) = runs.ResolveTarget(null, sessionKey, p);
        var owner = call.Connection.Session!.Has(GatewayScopes.Admin);
        await runs.EnsureRunIdFreeAsync("chat.send", key, p, call.Connection.Closed);
        var claim = await coordination.Idempotency.ClaimAsync("chat.send", key, null, CancellationToken.None);
        if (!claim.IsNew)
        {
            // A repeat answers with the state of the first.
            return new JsonObject { ["runId"] = key, ["status"] = claim.Completed ? "ok" : "in_flight" };
        }

        // Acknowledged before anything starts, so on this socket "started" precedes every event of the run (§6.5).
        call.Respond(new JsonObject { ["runId"] = key, ["status"] = "started" });
        _ = BeginAsync(key, agentId, canonical, message, thinking, timeoutMs, images, owner);
        return null;
    }

    /// <summary>
    /// Starts what the message asks for: a slash command (§6.4), or a run that honours /new and /reset. A command's
    /// idempotency entry completes here; a run's completes when the run ends.
    /// </summary>
    private async Task BeginAsync(string runId, string agentId, string sessionKey, string message, string? thinking, long? timeoutMs, IReadOnlyList<RunImage> images, bool owner)
    {
        var command = SlashCommand.Parse(message);
        if (command is null)
        {
            var timeoutSeconds = timeoutMs is > 0 ? (int)Math.Ceiling(timeoutMs.Value / 1000.0) : (int?)null;
            await runs.Start("chat.send", new AgentRunRequest
            {
                RunId = runId,
                AgentId = agentId,
                SessionKey = sessionKey,
                Message = message,
                Images = images,
                Thinking = thinking,
                TimeoutSeconds = timeoutSeconds,
                HonourResetTriggers = true,
                MessageChannel = "webchat",
                SenderIsOwner = owner,
            });
            return;
        }

        try
        {
            switch (command.Name)
            {
                case "/stop":
                    await coordination.Runs.AbortSessionAsync(sessionKey, CancellationToken.None);
                    break;
                case "/think":
                    await SetLevelAsync(runId, agentId, sessionKey, command.Argument, SessionMethods.ThinkingLevels, "Thinking",
                        (e, level) => e with { ThinkingLevel = level });
                    break;
                case "/verbose":
                    await SetLevelAsync(runId, agentId, sessionKey, command.Argument, SessionMethods.VerboseLevels, "Verbose",
                        (e, level) => e with { VerboseLevel = level });
                    break;
            }
        }
        finally
        {
            await coordination.Idempotency.CompleteAsync("chat.send", runId, null, CancellationToken.None);
        }
    }

    /// <summary>Persists a level and answers with a confirmation as the assistant's chat message, without a model call.</summary>
    private async Task SetLevelAsync(
        string runId, string agentId, string sessionKey, string argument, IReadOnlyCollection<string> levels, string what,
        Func<SessionEntry, string, SessionEntry> apply)
    {
        var level = argument.Trim().ToLowerInvariant();
        string reply;
        if (!levels.Contains(level))
        {
            reply = $"Unknown {what.ToLowerInvariant()} level \"{argument.Trim()}\". Use one of: {string.Join(", ", levels)}.";
        }
        else
        {
            await commands.PatchAsync(sessionKey, e => apply(e, level), CancellationToken.None, createForAgent: agentId);
            reply = $"{what} level set to {level}.";
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var done = new AgentEvent(runId, 1, now, sessionKey, agentId, null, new LifecycleEnded(now, now, false, "stop"));
        hub.Broadcast("chat", ChatPayloads.Terminal(done, "final", reply, "stop", null, null), droppable: false, SocketHub.CanRead);
    }

    private async Task<JsonNode?> HistoryAsync(SocketCall call)
    {
        var p = call.Params;
        var key = commands.Canonicalize(p.RequiredString("sessionKey"));
        var limit = (int)(p.Integer("limit", 1, MaxHistoryLimit) ?? DefaultHistoryLimit);
        var maxChars = p.Integer("maxChars", 1, int.MaxValue) is { } chars ? (int)chars : (int?)null;
        var session = await store.GetSessionAsync(key, call.Connection.Closed);
        if (session is null)
        {
            return new JsonObject { ["sessionKey"] = key, ["sessionId"] = null, ["messages"] = new JsonArray(), ["hasMore"] = false, ["totalMessages"] = 0 };
        }

        var messages = TranscriptMessages.Read(await store.ReadTranscriptAsync(session.SessionId, call.Connection.Closed), maxChars);
        var page = messages.TakeLast(limit).ToList();
        var defaults = config.Current.Config.Agents.Defaults;
        return new JsonObject
        {
            ["sessionKey"] = key,
            ["sessionId"] = session.SessionId,
            ["messages"] = new JsonArray([.. page.Select(m => (JsonNode?)m)]),
            ["hasMore"] = page.Count < messages.Count,
            ["totalMessages"] = messages.Count,
            ["thinkingLevel"] = session.ThinkingLevel ?? defaults.ThinkingDefault,
            ["verboseLevel"] = session.VerboseLevel ?? defaults.VerboseDefault,
        };
    }

    private async Task<JsonNode?> AbortAsync(SocketCall call)
    {
        var p = call.Params;
        var key = commands.Canonicalize(p.RequiredString("sessionKey"));
        var runId = p.String("runId");
        var registry = coordination.Runs;
        IReadOnlyList<string> aborted = runId is null
            ? await registry.AbortSessionAsync(key, CancellationToken.None)
            : (await registry.ActiveRunIdsAsync(key, CancellationToken.None)).Contains(runId) && await registry.AbortAsync(runId, CancellationToken.None) ? [runId] : [];
        return new JsonObject
        {
            ["ok"] = true,
            ["aborted"] = aborted.Count > 0,
            ["runIds"] = new JsonArray([.. aborted.Select(id => (JsonNode?)id)]),
        };
    }

    /// <summary>A standalone slash command: the whole trimmed message starts with it (agent-runtime.md §6.4).</summary>
    private sealed record SlashCommand(string Name, string Argument)
    {
        private static readonly string[] Names = ["/stop", "/think", "/verbose"];

        public static SlashCommand? Parse(string message)
        {
            var trimmed = message.Trim();
            foreach (var name in Names)
            {
                if (trimmed == name || trimmed.StartsWith(name + " ", StringComparison.Ordinal))
                {
                    return new SlashCommand(name, trimmed[name.Length..].Trim());
                }
            }

            return null;
        }
    }
}
