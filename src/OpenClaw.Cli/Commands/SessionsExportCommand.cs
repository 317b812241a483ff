using System.CommandLine;
using System.Text;
using System.Text.Json;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Cli.Commands;

/// <summary>
/// <c>openclaw sessions export &lt;key&gt; [--out file.jsonl]</c>: the session's current transcript as an OpenClaw
/// JSONL v3 file (agent-runtime.md §7.3), to stdout unless <c>--out</c> is given.
/// </summary>
internal static class SessionsExportCommand
{
    public static Command Create(CliContext context)
    {
        var keyArgument = new Argument<string?>("key") { Description = "Session key (main, a bare key, or agent:<id>:<rest>)", Arity = ArgumentArity.ZeroOrOne };
        var keyOption = new Option<string?>("--key") { Description = "Session key (same as the argument)" };
        var output = new Option<FileInfo?>("--out") { Description = "Write the JSONL file here instead of stdout", HelpName = "file.jsonl" };
        var export = new Command("export", "Write a session's transcript as OpenClaw JSONL (v3)") { keyArgument, keyOption, output };
        export.Validators.Add(result =>
        {
            var (argument, option) = (result.GetValue(keyArgument), result.GetValue(keyOption));
            if (argument is null && option is null)
            {
                result.AddError("sessions export needs a session key: openclaw sessions export <key> [--out file.jsonl]");
            }
            else if (argument is not null && option is not null && argument != option)
            {
                result.AddError("Pass the session key once: either <key> or --key.");
            }
        });
        export.SetAction(async (parse, cancellationToken) =>
        {
            var store = SessionsStore.Resolve(context, parse);
            var key = store.CanonicalKey(parse.GetValue(keyArgument) ?? parse.GetValue(keyOption)!);
            var notFound = new CliException($"session not found: {key}");
            if (!store.Exists)
            {
                throw notFound;
            }

            var (header, entries) = await store.ReadAsync(async s =>
            {
                var session = await s.GetSessionAsync(key, cancellationToken) ?? throw notFound;
                var transcript = await s.GetTranscriptAsync(session.SessionId, cancellationToken)
                    ?? new TranscriptHeader(session.SessionId, session.AgentId, key, session.SessionStartedAt ?? session.CreatedAt, null);
                return (transcript, await s.ReadTranscriptAsync(session.SessionId, cancellationToken));
            });

            if (parse.GetValue(output) is not { } file)
            {
                await TranscriptJsonl.WriteAsync(context.Output, header, entries, cancellationToken);
                return 0;
            }

            try
            {
                await using var writer = new StreamWriter(file.FullName, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                await TranscriptJsonl.WriteAsync(writer, header, entries, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"Cannot write {file.FullName}: {ex.Message}");
            }

            await context.Output.WriteLineAsync(parse.GetValue(context.Json)
                ? JsonSerializer.Serialize(new ExportSummary(key, header.SessionId, entries.Count, file.FullName), SessionsJsonContext.Default.ExportSummary)
                : $"Exported {key} (session {header.SessionId}, {entries.Count} entries) to {file.FullName}");
            return 0;
        });
        return export;
    }
}
