using System.Globalization;
using System.Text;

namespace OpenClaw.Core.Prompt;

/// <summary>Everything the system prompt of one model call depends on.</summary>
public sealed record SystemPromptContext
{
    public required string AgentId { get; init; }

    public required string SessionKey { get; init; }

    public required string Channel { get; init; }

    public required string WorkspaceDir { get; init; }

    public required string ModelIdentity { get; init; }

    public required DateTimeOffset Now { get; init; }

    public required TimeZoneInfo TimeZone { get; init; }

    public IReadOnlyList<(string Name, string Summary)> Tools { get; init; } = [];

    public IReadOnlyList<(string Path, string Content)> BootstrapFiles { get; init; } = [];

    public string? ExtraSystemPrompt { get; init; }
}

/// <summary>
/// Composes the system prompt: identity, tooling, safety, workspace, temporal context, injected workspace files,
/// silent replies, conversation context, runtime (agent-runtime.md §4.2; our wording, the original's order).
/// </summary>
public static class SystemPromptBuilder
{
    private static readonly string HostLine =
        $"host={Environment.MachineName} | os={System.Runtime.InteropServices.RuntimeInformation.OSDescription}";

    public static string Build(SystemPromptContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sb = new StringBuilder(1024);
        sb.Append("You are a personal assistant running inside OpenClaw.\n");
        sb.Append("## Tooling\nTools policy-filtered. Names case-sensitive; call exact.\n");
        if (context.Tools.Count == 0)
        {
            sb.Append("(no tools are available in this run)\n");
        }

        foreach (var (name, summary) in context.Tools)
        {
            sb.Append("- ").Append(name).Append(": ").Append(summary).Append('\n');
        }

        sb.Append("## Safety\n")
            .Append("Do not run destructive commands or change files outside the request unless the user clearly asks.\n")
            .Append("Never reveal secrets, credentials or private data from the workspace or the environment.\n");
        sb.Append("## Workspace\nWorking directory: ").Append(context.WorkspaceDir).Append('\n');
        var local = TimeZoneInfo.ConvertTime(context.Now, context.TimeZone);
        sb.Append("## Temporal Context\nCurrent date: ")
            .Append(local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            .Append("\nTime zone: ").Append(ZoneName(context.TimeZone)).Append('\n');
        if (context.BootstrapFiles.Count > 0)
        {
            sb.Append("## Workspace Files (injected)\n# Project Context\n");
            foreach (var (path, content) in context.BootstrapFiles)
            {
                sb.Append("## ").Append(path).Append('\n').Append(content.TrimEnd('\n')).Append('\n');
            }
        }

        sb.Append("## Silent Replies\nNothing to say: entire reply exactly NO_REPLY\n");
        if (!string.IsNullOrEmpty(context.ExtraSystemPrompt))
        {
            sb.Append("## Conversation Context\n").Append(context.ExtraSystemPrompt).Append('\n');
        }

        sb.Append("## Runtime\nCurrent model identity: ").Append(context.ModelIdentity)
            .Append(". If asked what model you are, answer with this value for the current run.\n")
            .Append("Runtime: agent=").Append(context.AgentId)
            .Append(" | session=").Append(context.SessionKey)
            .Append(" | channel=").Append(context.Channel)
            .Append(" | ").Append(HostLine);
        return sb.ToString();
    }

    private static string ZoneName(TimeZoneInfo zone) =>
        zone.BaseUtcOffset == TimeSpan.Zero && !zone.SupportsDaylightSavingTime ? "UTC" : zone.Id;
}
