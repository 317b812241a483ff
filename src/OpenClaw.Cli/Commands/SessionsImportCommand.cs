using System.CommandLine;
using System.Text.Json;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Cli.Commands;

/// <summary>
/// <c>openclaw sessions import &lt;file.jsonl&gt; --key &lt;key&gt;</c>: stores an OpenClaw JSONL v3 file as a new
/// transcript and points the session at it (agent-runtime.md §7.3). The whole file is checked first; a bad file
/// changes nothing. Safe next to a running gateway: one SQLite transaction that waits for the gateway's writer.
/// </summary>
internal static class SessionsImportCommand
{
    public static Command Create(CliContext context)
    {
        var fileArgument = new Argument<FileInfo>("file.jsonl") { Description = "The transcript file (OpenClaw JSONL, version 3)" };
        var keyOption = new Option<string>("--key") { Description = "Session key to import into (created or repointed)", Required = true };
        var import = new Command("import", "Import an OpenClaw JSONL (v3) transcript as a session") { fileArgument, keyOption };
        import.SetAction(async (parse, cancellationToken) =>
        {
            var store = SessionsStore.Resolve(context, parse);
            var key = store.CanonicalKey(parse.GetValue(keyOption)!);
            var agentId = store.RequireAgent(store.AgentOf(key));
            var path = parse.GetValue(fileArgument)!.FullName;
            var file = await ReadFileAsync(path, cancellationToken);
            var result = await store.WriteAsync(
                s => s.ImportTranscriptAsync(key, agentId, file, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), cancellationToken), cancellationToken);

            if (parse.GetValue(context.Json))
            {
                var summary = new ImportSummary(key, agentId, result.SessionId, file.SessionId, file.Entries.Count, result.CreatedSession);
                await context.Output.WriteLineAsync(JsonSerializer.Serialize(summary, SessionsJsonContext.Default.ImportSummary));
                return 0;
            }

            await context.Output.WriteLineAsync($"Imported {file.Entries.Count} entries into {key} (session {result.SessionId}).");
            if (result.SessionId != file.SessionId)
            {
                await context.Output.WriteLineAsync($"The file's id {file.SessionId} is already in the store, so the transcript got a new id.");
            }

            return 0;
        });
        return import;
    }

    private static async Task<TranscriptFile> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            using var reader = new StreamReader(path);
            return await TranscriptJsonl.ReadAsync(reader, cancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliException($"File not found: {path}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot read {path}: {ex.Message}");
        }
        catch (TranscriptFileException ex)
        {
            throw new CliException($"Cannot import {path}: {ex.Message}. Nothing was changed.");
        }
    }
}
