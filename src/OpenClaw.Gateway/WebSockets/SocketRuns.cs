using System.Text.Json;
using System.Text.Json.Nodes;
using OpenClaw.Core.Agents;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Coordination;
using OpenClaw.Core.Json;
using OpenClaw.Core.Runs;
using OpenClaw.Gateway.Images;
using OpenClaw.Gateway.Inputs;

namespace OpenClaw.Gateway.WebSockets;

/// <summary>
/// Starts runs for <c>agent</c> and <c>chat.send</c> on the shared pipeline: resolves the target up front (so a bad
/// one is a single error response), detaches the run from the socket, and shapes its final payload (§4.4).
/// </summary>
internal sealed class SocketRuns(IConfigSource config, AgentRunner runner, IRunCoordination coordination)
{
    /// <summary>The agent and canonical key a run will use (agent-runtime.md §1.1 step 2–3), or an error message.</summary>
    public (string AgentId, string SessionKey) ResolveTarget(string? agentId, string? sessionKey, SocketParams p)
    {
        var target = RunTargets.Resolve(config.Current, agentId, sessionKey);
        return target.IsResolved ? (target.AgentId, target.SessionKey) : throw p.Invalid(target.Error!);
    }

    /// <summary>The turn's text and images; text may be empty only when images come with it.</summary>
    public (string Message, IReadOnlyList<RunImage> Images) ReadTurn(SocketParams p)
    {
        if (!p.Has("message"))
        {
            throw p.Invalid("must have required property 'message'");
        }

        // Message text is taken as the original takes it: faults become U+FFFD.
        var message = p.LenientString("message") ?? "";
        var images = ReadAttachments(p);
        if (message.Trim().Length == 0 && images.Count == 0)
        {
            throw p.Invalid("message must not be empty");
        }

        return (message, images);
    }

    /// <summary>
    /// Image attachments <c>[{type:"image", mimeType, content}]</c>, "limits as HTTP images" (§6.3): they go through
    /// the same <see cref="ImageIntake"/> as <c>image_url</c> parts, with the default image limits (the HTTP ones live
    /// under <c>gateway.http.endpoints.chatCompletions</c> and are that endpoint's). The claimed <c>mimeType</c> is
    /// not trusted; the sniffed type must be allowed.
    /// </summary>
    private IReadOnlyList<RunImage> ReadAttachments(SocketParams p)
    {
        if (!p.Has("attachments") || p.IsNull("attachments"))
        {
            return [];
        }

        var array = p.Element.GetProperty("attachments");
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw p.Invalid("/attachments must be array");
        }

        var images = new List<RunImage>();
        // "Limits as HTTP images" (§6.3): the operator's allow-list and per-image cap of chat completions apply here too.
        var intake = new ImageIntake(config.Current.Config.Gateway.Http.ChatCompletionsImages);
        var index = -1;
        foreach (var item in array.EnumerateArray())
        {
            index++;
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String)
            {
                throw p.Invalid("/attachments items must have a base64 string 'content'");
            }

            if (item.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && !JsonText.ValueEquals(type, "image"u8))
            {
                continue;
            }

            if (!JsonText.IsValid(content))
            {
                throw p.Invalid("attachment content is not valid base64");
            }

            using var base64 = JsonUtf8.Of(content);
            if (intake.AcceptBase64(base64.Span, out var image) is { } refusal)
            {
                throw p.Invalid($"/attachments/{index}: {refusal}");
            }

            images.Add(image!);
        }

        return images;
    }

    /// <summary>
    /// Runs <paramref name="request"/> for <paramref name="method"/> in the background, detached from the socket; the
    /// task never faults and completes the request's idempotency entry. A run refused because the gateway was busy
    /// (<see cref="RunErrorReasons.QueueFull"/>, <see cref="RunErrorReasons.QueueTimeout"/>), its store could not be
    /// reached (<see cref="RunErrorReasons.StoreUnavailable"/>), or because another writer
    /// changed the session (<see cref="RunErrorReasons.SessionConflict"/>) leaves no entry behind: its error says
    /// "retry", and a retry with the same key must run rather than get the cached refusal.
    /// </summary>
    public Task<AgentRunResult> Start(string method, AgentRunRequest request) => Task.Run(async () =>
    {
        AgentRunResult result;
        try
        {
            result = await runner.RunAsync(request, CancellationToken.None);
        }
        catch (RunAlreadyActiveException)
        {
            // Another entry point runs under this id (agent and chat.send share run ids): refuse without touching
            // that run's outcome.
            result = new AgentRunResult
            {
                RunId = request.RunId,
                AgentId = request.AgentId ?? "",
                SessionKey = request.SessionKey ?? "",
                StopReason = "error",
                Error = new RunError(RunErrorReasons.Internal, $"run id \"{request.RunId}\" is already active"),
            };
        }

        await coordination.Idempotency.CompleteAsync(method, request.RunId, result, CancellationToken.None);
        if (result.Error?.Reason is RunErrorReasons.QueueFull or RunErrorReasons.QueueTimeout or RunErrorReasons.SessionConflict or RunErrorReasons.StoreUnavailable)
        {
            await coordination.Idempotency.ForgetAsync(method, request.RunId, CancellationToken.None);
        }

        return result;
    });

    /// <summary>
    /// Refuses a new request whose run id is already running under another method (<c>agent</c> and
    /// <c>chat.send</c> share run ids); a repeat of the same method is the idempotency entry's to answer.
    /// </summary>
    public async Task EnsureRunIdFreeAsync(string method, string runId, SocketParams p, CancellationToken cancellationToken)
    {
        if (!await coordination.Idempotency.ContainsAsync(method, runId, cancellationToken)
            && await coordination.Runs.IsActiveAsync(runId, cancellationToken))
        {
            throw p.Invalid($"run id \"{runId}\" is already active");
        }
    }

    /// <summary>The second response of <c>agent</c>: <c>ok</c> with the result, or <c>ok:false</c> with a payload and error.</summary>
    public static (JsonObject Payload, SocketRequestException? Error) Final(AgentRunResult result)
    {
        if (result.Error is { } error)
        {
            // Run error messages are written for clients (provider reasons, timeouts, "internal error").
            var message = error.Message;
            var payload = AgentRunPayload.Failed(result.RunId, message);
            var code = error.Reason == RunErrorReasons.Timeout ? SocketErrorCodes.AgentTimeout : SocketErrorCodes.Unavailable;
            var busy = error.Reason is RunErrorReasons.QueueFull or RunErrorReasons.QueueTimeout or RunErrorReasons.StoreUnavailable;
            return (payload, new SocketRequestException(code, message)
            {
                Payload = payload,
                Retryable = busy || error.Reason == RunErrorReasons.SessionConflict ? true : null,
                RetryAfterMs = busy && error.RetryAfter is { } wait ? (long)Math.Ceiling(wait.TotalMilliseconds) : null,
            });
        }

        return (AgentRunPayload.Completed(result), null);
    }
}
