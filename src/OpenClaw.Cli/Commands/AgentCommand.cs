using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenClaw.Cli.Gateway;
using OpenClaw.Cli.Local;
using OpenClaw.Core.Runs;

namespace OpenClaw.Cli.Commands;

/// <summary>
/// <c>openclaw agent -m … (--agent | --session-id | --session-key | --to)</c>: one turn through the gateway
/// (WS <c>agent</c>, waiting for the final answer), or in-process with <c>--local</c> or when no gateway answers (§8.4).
/// </summary>
internal static class AgentCommand
{
    private const string NoSelector = "Pass --to <E.164>, --session-id, or --agent to choose a session";

    public static Command Create(CliContext context)
    {
        var message = new Option<string>("--message", "-m") { Description = "The message to send", Required = true };
        var agent = new Option<string?>("--agent") { Description = "Agent id (its main session unless a session is given)" };
        var sessionId = new Option<string?>("--session-id") { Description = "Continue the session whose current transcript has this id" };
        var sessionKey = new Option<string?>("--session-key") { Description = "Session key, e.g. agent:main:work" };
        var to = new Option<string?>("--to", "-t") { Description = "Destination (a direct chat collapses to the agent's main session)" };
        var thinking = new Option<string?>("--thinking") { Description = "Thinking level, remembered for the session" };
        thinking.AcceptOnlyFromAmong("off", "minimal", "low", "medium", "high", "xhigh");
        var verbose = new Option<string?>("--verbose") { Description = "Verbose level (on, full, off), remembered for the session" };
        verbose.AcceptOnlyFromAmong("on", "full", "off");
        var timeout = new Option<int?>("--timeout") { Description = "Run timeout in seconds, 1 to 86400 (default agents.defaults.timeoutSeconds, 600)" };
        timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } seconds and (< 1 or > 86_400))
            {
                result.AddError("--timeout must be between 1 and 86400 seconds");
            }
        });
        var local = new Option<bool>("--local") { Description = "Run the agent in this process instead of through the gateway" };
        var deliver = new Option<bool>("--deliver") { Description = "Accepted for compatibility (channel delivery is not implemented)" };
        var channel = new Option<string?>("--channel") { Description = "Accepted for compatibility" };
        var replyTo = new Option<string?>("--reply-to") { Description = "Accepted for compatibility" };
        var connection = new GatewayConnectionOptions(defaultTimeoutMs: 10_000, withTimeout: false);
        var command = new Command("agent", "Send one message to an agent and print its answer")
        {
            message, agent, sessionId, sessionKey, to, thinking, verbose, timeout, local, deliver, channel, replyTo,
        };
        connection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var turn = new Turn(
                parse.GetValue(message)!,
                parse.GetValue(agent),
                parse.GetValue(sessionId),
                parse.GetValue(sessionKey),
                parse.GetValue(thinking),
                parse.GetValue(verbose),
                parse.GetValue(timeout));
            if (turn.AgentId is null && turn.SessionId is null && turn.SessionKey is null && parse.GetValue(to) is null)
            {
                throw new CliException(NoSelector, 2);
            }

            var json = parse.GetValue(context.Json);
            var printer = new AnswerPrinter(context, stream: context.OutputIsTerminal && !json);
            if (parse.GetValue(local))
            {
                return await RunLocalAsync(context, context.LoadConfig(parse), turn, printer, json, cancellationToken);
            }

            var target = connection.Resolve(parse, context);
            try
            {
                return await RunThroughGatewayAsync(context, target, turn, printer, json, connection.TimeoutOf(parse), cancellationToken);
            }
            catch (GatewayUnreachableException ex) when (!target.ExplicitUrl && ex.Refused)
            {
                await context.Error.WriteLineAsync($"{ex.Message}; running the agent locally (start the gateway with `openclaw gateway run`)");
                return await RunLocalAsync(context, target.Config, turn, printer, json, cancellationToken);
            }
            catch (GatewayUnreachableException ex)
            {
                throw new CliException($"{ex.Message}; start it with `openclaw gateway run` or pass --local");
            }
        });
        return command;
    }

    private static async Task<int> RunThroughGatewayAsync(
        CliContext context, GatewayTarget target, Turn turn, AnswerPrinter printer, bool json, TimeSpan connectTimeout, CancellationToken cancellationToken)
    {
        GatewayClient client;
        try
        {
            client = await GatewayClient.ConnectAsync(target.Url, target.Credentials, connectTimeout, cancellationToken, target.TlsFingerprint);
        }
        catch (GatewayCallException ex)
        {
            throw new CliException($"Gateway call failed: {ex.Message}");
        }

        await using var connection = client;
        var runId = Guid.NewGuid().ToString();
        client.EventReceived = (name, payload) =>
        {
            if (name == "agent" && payload.ValueKind == JsonValueKind.Object
                && payload.TryGetProperty("runId", out var id) && id.GetString() == runId
                && payload.TryGetProperty("stream", out var stream) && stream.GetString() == "assistant"
                && payload.TryGetProperty("data", out var data) && data.TryGetProperty("delta", out var delta)
                && data.TryGetProperty("text", out var text))
            {
                // A delta equal to the whole text starts a new assistant message (the cumulative text restarted).
                printer.Delta(delta.GetString() ?? "", newMessage: text.GetString() == delta.GetString());
            }
        };

        var parameters = new JsonObject { ["message"] = turn.Message };
        Add(parameters, "agentId", turn.AgentId);
        Add(parameters, "sessionKey", turn.SessionKey);
        Add(parameters, "sessionId", turn.SessionId);
        Add(parameters, "thinking", turn.Thinking);
        Add(parameters, "verbose", turn.Verbose);
        var timeoutSeconds = turn.TimeoutSeconds ?? target.Config.Config.Agents.Defaults.TimeoutSeconds;
        parameters["timeout"] = timeoutSeconds;
        parameters["idempotencyKey"] = runId;
        parameters["deliver"] = false;

        await using var spinner = Spinner.Start(context.ErrorIsTerminal && !json, context.Error, $"waiting for {turn.AgentId ?? "the agent"}…");
        printer.Spinner = spinner;
        JsonElement final;
        string? acceptedKey = null;
        try
        {
            // The gateway enforces the run timeout; the CLI waits 30 s more for the final answer (§8.4).
            final = await client.CallAsync(
                "agent", parameters, expectFinal: true, TimeSpan.FromSeconds(timeoutSeconds + 30L), cancellationToken,
                accepted => acceptedKey = accepted.TryGetProperty("sessionKey", out var key) ? key.GetString() : null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C: the run lives in the gateway, so stop it there (its partial answer is kept as aborted).
            await printer.FinishAsync();
            if (acceptedKey is not null)
            {
                try
                {
                    await client.CallAsync(
                        "chat.abort", new JsonObject { ["sessionKey"] = acceptedKey, ["runId"] = runId }, expectFinal: false, TimeSpan.FromSeconds(2), CancellationToken.None);
                }
                catch (GatewayCallException)
                {
                }
            }

            throw new CliException("cancelled; the run was aborted");
        }
        catch (GatewayCallException ex)
        {
            await printer.FinishAsync();
            if (json && ex.Payload.ValueKind == JsonValueKind.Object)
            {
                await context.Output.WriteLineAsync(GatewayCallCommand.Format(ex.Payload));
            }

            throw new CliException($"Agent failed: {ex.Message}");
        }

        await printer.FinishAsync();
        if (json)
        {
            await context.Output.WriteLineAsync(GatewayCallCommand.Format(final));
            return 0;
        }

        await printer.PrintPayloadsAsync(final);
        return final.TryGetProperty("status", out var status) && status.GetString() is "ok" or "completed" ? 0 : 1;
    }

    private static async Task<int> RunLocalAsync(
        CliContext context, Core.Configuration.ConfigSnapshot config, Turn turn, AnswerPrinter printer, bool json, CancellationToken cancellationToken)
    {
        EmbeddedRuntime runtime;
        try
        {
            runtime = await EmbeddedRuntime.StartAsync(config, context.Environment, verbose: false, cancellationToken);
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            throw new CliException($"cannot open the session store in {config.Paths.StateDir}: {ex.Message}");
        }

        await using var local = runtime;
        var sessionKey = turn.SessionKey;
        if (sessionKey is null && turn.SessionId is { } id)
        {
            sessionKey = (await runtime.Store.FindBySessionIdAsync(id, cancellationToken))?.SessionKey;
        }

        await using var spinner = Spinner.Start(context.ErrorIsTerminal && !json, context.Error, $"running {turn.AgentId ?? "the agent"} locally…");
        printer.Spinner = spinner;
        var result = await runtime.Runner.RunAsync(
            new AgentRunRequest
            {
                RunId = Guid.NewGuid().ToString(),
                AgentId = turn.AgentId,
                SessionKey = sessionKey,
                Message = turn.Message,
                Thinking = turn.Thinking,
                Verbose = turn.Verbose,
                TimeoutSeconds = turn.TimeoutSeconds,
                MessageChannel = "cli",
                SenderIsOwner = true,
                Events = new DeltaSink(printer),
            },
            cancellationToken);
        await printer.FinishAsync();
        var payload = result.Error is { } error ? AgentRunPayload.Failed(result.RunId, error.Message) : AgentRunPayload.Completed(result);
        if (json)
        {
            await context.Output.WriteLineAsync(payload.ToJsonString(new JsonSerializerOptions { WriteIndented = true, IndentSize = 2 }));
        }

        if (result.Error is { } failure)
        {
            throw new CliException($"Agent failed: {failure.Message}");
        }

        if (!json)
        {
            using var document = JsonDocument.Parse(payload.ToJsonString());
            await printer.PrintPayloadsAsync(document.RootElement);
        }

        return 0;
    }

    private static void Add(JsonObject parameters, string name, string? value)
    {
        if (value is not null)
        {
            parameters[name] = value;
        }
    }

    /// <summary>What the user asked for.</summary>
    private sealed record Turn(string Message, string? AgentId, string? SessionId, string? SessionKey, string? Thinking, string? Verbose, int? TimeoutSeconds);

    /// <summary>Feeds a local run's assistant deltas to the printer.</summary>
    private sealed class DeltaSink(AnswerPrinter printer) : IAgentEventSink
    {
        private int _messageIndex = -1;

        public void OnEvent(AgentEvent agentEvent)
        {
            if (agentEvent.Data is AssistantDelta delta)
            {
                printer.Delta(delta.Delta, newMessage: _messageIndex >= 0 && delta.MessageIndex != _messageIndex);
                _messageIndex = delta.MessageIndex;
            }
        }
    }
}
