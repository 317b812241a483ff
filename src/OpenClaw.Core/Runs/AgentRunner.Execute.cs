using System.Diagnostics;
using Microsoft.Extensions.AI;
using OpenClaw.Core.Models;
using OpenClaw.Core.Prompt;
using OpenClaw.Core.Sessions;
using OpenClaw.Core.Telemetry;

namespace OpenClaw.Core.Runs;

public sealed partial class AgentRunner
{
    private async Task<AgentRunResult> ExecuteAsync(RunState run, CancellationToken cancellationToken, long startedTimestamp)
    {
        var cfg = run.Snapshot.Config;
        var now = time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var channel = run.Request.MessageChannel;

        // Load the session entry and apply the reset policy (§6.3); a key the caller just minted cannot exist yet.
        var existing = run.Request.NewSessionKey ? null : await store.GetSessionAsync(run.SessionKey, cancellationToken).ConfigureAwait(false);
        var kind = SessionKeys.KindOf(run.SessionKey);
        var reset = run.Request.HonourResetTriggers ? ResetTrigger.Match(run.Request.Message.ToString(), cfg) : null;
        var fresh = existing is not null && reset is null
            && !SessionResetPolicy.IsStale(existing, SessionResetPolicy.For(cfg.Session, channel, kind), now, TimeZoneInfo.Local);
        var sessionId = fresh ? existing!.SessionId : Guid.NewGuid().ToString();
        var history = fresh ? await store.ReadTranscriptAsync(sessionId, cancellationToken).ConfigureAwait(false) : [];
        run.NextEntrySeq = history.Count > 0 ? history[^1].Seq + 1 : 1;
        run.LastEntryId = history.Count > 0 ? history[^1].EntryId : null;
        run.EntryIds = new TranscriptIds(history);

        var workspaceDir = run.Snapshot.Agents.WorkspaceFor(run.AgentId);
        workspaces.Ensure(workspaceDir, cfg.Agents.Defaults.SkipBootstrap);

        var sessionModel = reset?.ModelOverride ?? (fresh ? existing!.ModelOverride : null);
        var (model, modelError) = ModelResolver.Resolve(cfg, run.AgentId, run.Request.ModelOverride, sessionModel, environment);

        // A configured primary without credentials fails like a provider 401 would: the first usable fallback takes
        // over. An explicit override (run or session) is what the caller asked for, so its failure is reported.
        var fromConfig = run.Request.ModelOverride is null && sessionModel is null;
        if (model is null && modelError!.IsAuth && fromConfig)
        {
            Log.PrimaryUnavailable(logger, run.Request.RunId, modelError.Message);
            model = ModelResolver.Fallbacks(cfg, run.AgentId)
                .Select(candidate => ModelResolver.ResolveRef(cfg, candidate, environment).Model)
                .FirstOrDefault(candidate => candidate is not null);
        }

        if (model is null)
        {
            var reason = modelError!.IsAuth ? RunErrorReasons.Auth : RunErrorReasons.Internal;
            PublishFailed(run, modelError.Message);
            return Failed(run.Request.RunId, run.AgentId, run.SessionKey, new RunError(reason, modelError.Message, modelError.IsAuth ? 401 : null));
        }

        run.Thinking = run.Request.Thinking ?? (fresh ? existing!.ThinkingLevel : null) ?? cfg.Agents.Defaults.ThinkingDefault;
        run.Verbose = run.Request.Verbose ?? (fresh ? existing!.VerboseLevel : null) ?? cfg.Agents.Defaults.VerboseDefault;
        var timeZone = UserEnvelope.ResolveTimeZone(cfg.Agents.Defaults.UserTimezone);
        var builtIns = toolCatalog.For(cfg, run.AgentId);
        run.SystemPrompt = new SystemPromptContext
        {
            Tools = [.. builtIns.Select(t => (t.Name, Summary(t.Description))), .. run.Request.ClientTools.Select(t => (t.Name, Summary(t.Description)))],
            AgentId = run.AgentId,
            SessionKey = run.SessionKey,
            Channel = channel,
            WorkspaceDir = workspaceDir,
            ModelIdentity = model.Ref.ToString(),
            Now = now,
            TimeZone = timeZone,
            BootstrapFiles = workspaces.ReadBootstrap(workspaceDir, cfg.Agents.Defaults.BootstrapMaxChars, cfg.Agents.Defaults.BootstrapTotalMaxChars),
            ExtraSystemPrompt = run.Request.ExtraSystemPrompt,
        };
        var messages = new List<ChatMessage>(history.Count + 2) { new(ChatRole.System, SystemPromptBuilder.Build(run.SystemPrompt)) };
        messages.AddRange(TranscriptFormat.Replay(history));
        // The envelope is a piece of its own in front of the message's pieces: a large message is never copied.
        var userText = PromptText.Concat(UserEnvelope.Prefix(now, timeZone), reset is { Message: { } rest } ? rest : run.Request.Message);
        var userTurn = new ChatMessage(ChatRole.User, [new Utf8TextContent(userText)]);
        if (model.AcceptsImages)
        {
            // The turn's images follow its text (agent-runtime.md §5.3); a text-only model never sees them.
            foreach (var image in run.Request.Images)
            {
                userTurn.Contents.Add(new DataContent(image.Data, image.MimeType));
            }
        }

        ReplayRepair.AddTurn(messages, userTurn);

        // Persist the user turn first; the write is awaited with the final one (the writer is FIFO).
        var userEntry = AppendEntry(run, (seq, id) => TranscriptFormat.UserMessage(sessionId, seq, id, run.LastEntryId, nowMs, userText));
        run.Session = StartedSession(existing, fresh, run, sessionId, channel, kind, nowMs);
        if (reset?.ModelOverride is { } chosen)
        {
            run.Session = run.Session with { ModelOverride = chosen };
        }

        // Levels and a label given with the turn are remembered for the session's next turns.
        run.Session = run.Session with
        {
            ThinkingLevel = run.Request.Thinking ?? run.Session.ThinkingLevel,
            VerboseLevel = run.Request.Verbose ?? run.Session.VerboseLevel,
            Label = run.Request.Label ?? run.Session.Label,
        };
        var startWrite = store.WriteAsync(
            new SessionWrite
            {
                Session = run.Session,
                NewTranscript = fresh ? null : new TranscriptHeader(sessionId, run.AgentId, run.SessionKey, nowMs, workspaceDir),
                Archive = existing is not null && !fresh ? (existing.SessionId, "reset") : null,
                Entries = [userEntry],

                // The turn's final write is durable and, being later in the same queue, makes this one durable too.
                Durable = false,
            },
            CancellationToken.None);
        Publish(run, sessionId, new LifecycleStarted(run.StartedAt));

        var (outcome, answeredBy) = await RunToolLoopAsync(run, model, builtIns, messages, sessionId, cancellationToken).ConfigureAwait(false);
        return await FinishAsync(run, answeredBy, sessionId, outcome, startWrite, startedTimestamp).ConfigureAwait(false);
    }

    private async Task<AgentRunResult> FinishAsync(
        RunState run, ResolvedModel model, string sessionId, ModelCallOutcome outcome, Task startWrite, long startedTimestamp)
    {
        var endedAt = time.GetUtcNow().ToUnixTimeMilliseconds();
        var timedOut = outcome.Cancelled && run.Timeout.IsCancellationRequested;
        var aborted = outcome.Cancelled && !timedOut;
        var stopReason = outcome.Cancelled ? "aborted" : outcome.Failure is not null ? "error" : outcome.StopReason;
        RunError? error = timedOut
            ? new RunError(RunErrorReasons.Timeout, $"Agent run timed out after {run.TimeoutSeconds}s")
            : outcome.Failure is { } failure
                ? new RunError(failure.Reason, failure.Message, failure.Status, failure.Code, failure.RetryAfter ?? SuggestedRetryAfter(failure))
                : null;

        var entries = new List<TranscriptEntry>(run.LoopEntries.Count + 1);
        entries.AddRange(run.LoopEntries);

        // A run the tool loop ended has its last assistant message (with the calls) in the loop entries already.
        if ((!outcome.Cancelled || outcome.Text.Length > 0) && !outcome.AlreadyRecorded)
        {
            entries.Add(AppendEntry(run, (seq, id) => TranscriptFormat.AssistantMessage(
                sessionId, seq, id, run.LastEntryId, endedAt, outcome.Text, model.Api, model.Ref.Provider, model.Ref.Model,
                outcome.Usage ?? RunUsage.Zero, stopReason, outcome.Failure?.Message)));
        }

        run.Session = FinishedSession(run.Session!, run, model, endedAt, aborted || timedOut);
        var persistStarted = time.GetTimestamp();
        using (var persisting = RunTracing.StartPersist())
        {
            try
            {
                // The end of a turn is written only on top of its start: never an answer without its question.
                await startWrite.ConfigureAwait(false);
                await store.WriteAsync(
                    new SessionWrite { Session = run.Session, Entries = entries, ExpectedSessionId = sessionId }, CancellationToken.None).ConfigureAwait(false);
                _metrics.TurnPersisted(time.GetElapsedTime(persistStarted), ok: true);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.PersistFailed(logger, ex, run.Request.RunId, run.SessionKey);
                error = new RunError(RunErrorReasons.Internal, "failed to persist the turn");
                _metrics.TurnPersisted(time.GetElapsedTime(persistStarted), ok: false);
                RunTracing.Failed(persisting, "persist_failed", null);
            }
        }

        var durationMs = (long)Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds;
        if (error is null)
        {
            Publish(run, sessionId, new LifecycleEnded(run.StartedAt, endedAt, aborted, stopReason));
            Log.RunCompleted(logger, run.Request.RunId, run.AgentId, model.Ref.ToString(), stopReason, durationMs, run.Usage.Input, run.Usage.Output);
        }
        else
        {
            Publish(run, sessionId, new LifecycleFailed(run.StartedAt, endedAt, error.Message));
            Log.RunFailed(logger, run.Request.RunId, run.AgentId, model.Ref.ToString(), error.Reason, durationMs);
        }

        return new AgentRunResult
        {
            RunId = run.Request.RunId,
            AgentId = run.AgentId,
            SessionKey = run.SessionKey,
            SessionId = sessionId,
            Payloads = run.Payloads,
            StopReason = stopReason,
            Aborted = aborted,
            DurationMs = durationMs,
            Provider = model.Ref.Provider,
            Model = model.Ref.Model,
            Usage = run.Usage,
            LastCallUsage = run.LastCallUsage,
            PendingToolCalls = error is null ? run.PendingToolCalls : [],
            Error = error,
        };
    }

    /// <summary>A provider that did not say when to come back: the pause the retry policy would have made next.</summary>
    private TimeSpan? SuggestedRetryAfter(Providers.ProviderException failure) =>
        Providers.ProviderRetryPolicy.IsRetryable(failure.Reason) ? retryPolicy.SuggestedRetryAfter : null;

    /// <summary>A tool's one-line summary for the prompt's tooling list: the first line of its description.</summary>
    private static string Summary(string? description)
    {
        var text = description?.Trim() ?? "";
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? text : text[..newline].TrimEnd();
    }

    private static TranscriptEntry AppendEntry(RunState run, Func<long, string, TranscriptEntry> create)
    {
        var entry = create(run.NextEntrySeq++, run.EntryIds.Next());
        run.LastEntryId = entry.EntryId;
        return entry;
    }

    /// <summary>The terminal event of a run that ends before its turn started (§1.2: exactly one per run).</summary>
    private void PublishFailed(RunState run, string error)
    {
        if (!run.TerminalPublished)
        {
            Publish(run, run.Session?.SessionId, new LifecycleFailed(run.StartedAt, time.GetUtcNow().ToUnixTimeMilliseconds(), error));
        }
    }

    private void Publish(RunState run, string? sessionId, AgentEventData data)
    {
        if (data is LifecycleEnded or LifecycleFailed)
        {
            run.TerminalPublished = true;
        }

        var agentEvent = new AgentEvent(
            run.Request.RunId, run.NextEventSeq(), time.GetUtcNow().ToUnixTimeMilliseconds(), run.SessionKey, run.AgentId, sessionId, data);
        run.Request.Events?.OnEvent(agentEvent);
        coordination.Events.Publish(agentEvent);
    }
}
