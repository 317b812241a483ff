using System.Text.Json.Nodes;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Sessions;
using OpenClaw.Gateway.Auth;

namespace OpenClaw.Gateway.WebSockets.Methods;

/// <summary>
/// <c>agent</c> (two responses: <c>accepted</c>, then the final) and <c>agent.wait</c> (gateway-protocol.md §4.3,
/// §4.4, §6.3, §6.4). The run id is the idempotency key; a repeat gets the cached final, or joins the run in flight.
/// </summary>
internal sealed class AgentMethods(SocketRuns runs, RunTracker tracker, IdempotencyCache idempotency, ISessionStore store, TimeProvider time) : ISocketMethods
{
    public void Register(SocketMethodTable table)
    {
        table.Add("agent", GatewayScopes.Write, AgentAsync);
        table.Add("agent.wait", GatewayScopes.Write, WaitAsync);
    }

    private async Task<JsonNode?> AgentAsync(SocketCall call)
    {
        var p = call.Params;
        p.RequireObject();
        var key = p.RequiredString("idempotencyKey");
        var (message, images) = runs.ReadTurn(p);

        var thinking = p.OneOf("thinking", SessionMethods.ThinkingLevels);
        var verbose = p.OneOf("verbose", SessionMethods.VerboseLevels);
        var timeout = p.Integer("timeout", 0, 86_400);
        var requestedKey = p.String("sessionKey");
        if (requestedKey is null && p.String("sessionId") is { Length: > 0 } sessionId)
        {
            // The session whose current transcript this is (agent-runtime.md §6.1); unknown ids fall back to the main session.
            requestedKey = (await store.FindBySessionIdAsync(sessionId, call.Connection.Closed))?.SessionKey;
        }

        var (agentId, sessionKey) = runs.ResolveTarget(p.String("agentId"), requestedKey, p);
        var extraSystemPrompt = p.String("extraSystemPrompt");
        var label = p.String("label");

        runs.EnsureRunIdFree("agent", key, idempotency, p);

        // The factory runs once per key: a concurrent repeat sees the same run, never a half-built entry.
        var owner = call.Connection.Session!.Has(GatewayScopes.Admin);
        var run = idempotency.GetOrAdd("agent", key, () =>
        {
            var accepted = new JsonObject
            {
                ["runId"] = key,
                ["sessionKey"] = sessionKey,
                ["agentId"] = agentId,
                ["status"] = "accepted",
                ["acceptedAt"] = time.GetUtcNow().ToUnixTimeMilliseconds(),
            };

            // Queued before the run exists, so on this socket it precedes every event of the run (§4.4).
            call.Respond(accepted);
            return new AgentRun(accepted, runs.Start("agent", new AgentRunRequest
            {
                RunId = key,
                AgentId = agentId,
                SessionKey = sessionKey,
                Message = message,
                Images = images,
                ExtraSystemPrompt = extraSystemPrompt,
                Thinking = thinking,
                Verbose = verbose,
                TimeoutSeconds = timeout is > 0 ? (int)timeout : null,
                Label = label,
                MessageChannel = "webchat",
                SenderIsOwner = owner,
            }));
        }, out var isNew);

        var result = run.Result;
        if (!isNew)
        {
            if (result.IsCompleted)
            {
                // A completed key answers at once with the cached final, as a single response.
                return Final(await result);
            }

            // A repeat in flight joins the run: accepted now, the same final later (§4.3).
            call.Respond(run.Accepted.DeepClone());
        }

        return Final(await result);
    }

    private static JsonNode Final(AgentRunResult result)
    {
        var (payload, error) = SocketRuns.Final(result);
        return error is null ? payload : throw error;
    }

    private async Task<JsonNode?> WaitAsync(SocketCall call)
    {
        var p = call.Params;
        var runId = p.RequiredString("runId");
        var timeoutMs = p.Integer("timeoutMs", 0, 86_400_000) ?? 30_000;
        return await tracker.WaitAsync(runId, TimeSpan.FromMilliseconds(timeoutMs), call.Connection.Closed);
    }

    /// <summary>One <c>agent</c> idempotency entry: the accepted payload and the run.</summary>
    private sealed record AgentRun(JsonObject Accepted, Task<AgentRunResult> Result) : IInFlight
    {
        public Task Completion => Result;
    }
}
