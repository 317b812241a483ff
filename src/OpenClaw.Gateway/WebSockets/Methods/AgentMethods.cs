using System.Text.Json.Nodes;
using OpenClaw.Core.Coordination;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Sessions;
using OpenClaw.Gateway.Auth;

namespace OpenClaw.Gateway.WebSockets.Methods;

/// <summary>
/// <c>agent</c> (two responses: <c>accepted</c>, then the final) and <c>agent.wait</c> (gateway-protocol.md §4.3,
/// §4.4, §6.3, §6.4). The run id is the idempotency key; a repeat gets the cached final, or joins the run in flight.
/// </summary>
internal sealed class AgentMethods(SocketRuns runs, IRunCoordination coordination, ISessionStore store, TimeProvider time) : ISocketMethods
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

        await runs.EnsureRunIdFreeAsync("agent", key, p, call.Connection.Closed);

        var owner = call.Connection.Session!.Has(GatewayScopes.Admin);
        var accepted = new JsonObject
        {
            ["runId"] = key,
            ["sessionKey"] = sessionKey,
            ["agentId"] = agentId,
            ["status"] = "accepted",
            ["acceptedAt"] = time.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        var claim = await coordination.Idempotency.ClaimAsync("agent", key, accepted.ToJsonString(), CancellationToken.None);
        if (claim.IsNew)
        {
            // Queued before the run exists, so on this socket it precedes every event of the run (§4.4).
            call.Respond(accepted);
            return Final(await runs.Start("agent", new AgentRunRequest
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
        }

        // A completed key answers at once with the cached final, as a single response; a repeat in flight joins the
        // run: the first request's accepted now, the same final later (§4.3).
        if (!claim.Completed)
        {
            call.Respond(JsonNode.Parse(claim.Payload!)!);
        }

        var result = await coordination.Idempotency.WaitForCompletionAsync("agent", key, call.Connection.Closed)
            ?? throw new SocketRequestException(SocketErrorCodes.Unavailable, $"run \"{key}\" ended without a result; retry it") { Retryable = true };
        return Final(result);
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
        var outcome = await coordination.Outcomes.WaitAsync(runId, TimeSpan.FromMilliseconds(timeoutMs), call.Connection.Closed);
        if (outcome is null)
        {
            return new JsonObject { ["runId"] = runId, ["status"] = "timeout" };
        }

        var json = new JsonObject { ["runId"] = runId, ["status"] = outcome.Status };
        if (outcome.StartedAt is { } started)
        {
            json["startedAt"] = started;
        }

        json["endedAt"] = outcome.EndedAt;
        if (outcome.StopReason is not null)
        {
            json["stopReason"] = outcome.StopReason;
        }

        if (outcome.Error is not null)
        {
            json["error"] = outcome.Error;
        }

        return json;
    }
}
