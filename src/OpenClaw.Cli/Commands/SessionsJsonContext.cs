using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenClaw.Cli.Commands;

/// <summary>The <c>--json</c> result of <c>sessions export --out</c>.</summary>
internal sealed record ExportSummary(string Key, string SessionId, int Entries, string Out);

/// <summary>The <c>--json</c> result of <c>sessions import</c>; <c>sourceId</c> is the file's header id.</summary>
internal sealed record ImportSummary(string Key, string AgentId, string SessionId, string SourceId, int Entries, bool CreatedSession);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ExportSummary))]
[JsonSerializable(typeof(ImportSummary))]
internal sealed partial class SessionsJsonContext : JsonSerializerContext;
