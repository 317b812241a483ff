using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using OpenClaw.Core.Prompt;
using OpenClaw.Core.Tools;

namespace OpenClaw.Core.Runs.Steps;

/// <summary>
/// Builds what the model is sent (agent-runtime.md §4): the system prompt (tools, workspace, bootstrap files, the
/// model's identity), the replayed history, and the user's turn behind its envelope, with the turn's images when the
/// model takes images. The oldest turns of the history are left out when the whole would not fit in the model's
/// context window (<see cref="HistoryWindow"/>).
/// </summary>
internal sealed class BuildPromptStep(IAgentToolCatalog toolCatalog, WorkspaceManager workspaces, ILogger logger) : IRunStep
{
    public ValueTask<AgentRunResult?> ExecuteAsync(RunState run, CancellationToken cancellationToken)
    {
        var cfg = run.Snapshot.Config;
        var model = run.Model!;
        var timeZone = UserEnvelope.ResolveTimeZone(cfg.Agents.Defaults.UserTimezone);
        run.BuiltIns = toolCatalog.For(cfg, run.AgentId);
        run.SystemPrompt = new SystemPromptContext
        {
            Tools = [.. run.BuiltIns.Select(t => (t.Name, Summary(t.Description))), .. run.Request.ClientTools.Select(t => (t.Name, Summary(t.Description)))],
            AgentId = run.AgentId,
            SessionKey = run.SessionKey,
            Channel = run.Request.MessageChannel,
            WorkspaceDir = run.WorkspaceDir,
            ModelIdentity = model.Ref.ToString(),
            Now = run.Now,
            TimeZone = timeZone,
            BootstrapFiles = workspaces.ReadBootstrap(run.WorkspaceDir, cfg.Agents.Defaults.BootstrapMaxChars, cfg.Agents.Defaults.BootstrapTotalMaxChars),
            ExtraSystemPrompt = run.Request.ExtraSystemPrompt,
        };
        var messages = run.Messages;
        messages.EnsureCapacity(run.History.Count + 2);
        messages.Add(new ChatMessage(ChatRole.System, SystemPromptBuilder.Build(run.SystemPrompt)));
        messages.AddRange(TranscriptReplay.Replay(run.History));

        // The envelope is a piece of its own in front of the message's pieces: a large message is never copied.
        run.UserText = PromptText.Concat(UserEnvelope.Prefix(run.Now, timeZone), run.Reset is { Message: { } rest } ? rest : run.Request.Message);
        var userTurn = new ChatMessage(ChatRole.User, [new Utf8TextContent(run.UserText)]);
        if (model.AcceptsImages)
        {
            // The turn's images follow its text (agent-runtime.md §5.3); a text-only model never sees them.
            foreach (var image in run.Request.Images)
            {
                userTurn.Contents.Add(new DataContent(image.Data, image.MimeType));
            }
        }

        ReplayRepair.AddTurn(messages, userTurn);
        FitWindow(run, messages);
        return ValueTask.FromResult<AgentRunResult?>(null);
    }

    private void FitWindow(RunState run, List<ChatMessage> messages)
    {
        var model = run.Model!;
        var window = model.Definition.ContextWindow;
        var outputCap = run.Request.StreamParams.MaxTokens ?? model.Definition.MaxTokens;
        var reserve = HistoryWindow.ReserveTokens(window, outputCap, run.Snapshot.Config.Agents.Defaults.Compaction);
        var trim = HistoryWindow.Fit(messages, window, reserve);
        if (trim.DroppedMessages > 0)
        {
            RunLog.HistoryTrimmed(logger, run.Request.RunId, model.Ref.ToString(), window, reserve, trim.DroppedTurns, trim.DroppedMessages, trim.DroppedTokens, messages.Count - 2, trim.SentTokens);
        }
    }

    /// <summary>A tool's one-line summary for the prompt's tooling list: the first line of its description.</summary>
    private static string Summary(string? description)
    {
        var text = description?.Trim() ?? "";
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? text : text[..newline].TrimEnd();
    }
}
